/**
 * The app's raw SQL is written once, in the SQL both engines read, with two habits of SQLite that
 * PostgreSQL reads differently; this turns them into PostgreSQL's:
 * - `?` parameters become `$1`, `$2`, … in order;
 * - bare identifiers in mixed case (`Exposure`, `x.occurredAt`, `AS onlyThis`) are quoted, because
 *   PostgreSQL folds a bare name to lower case, and Prisma made the tables and columns with the
 *   case of the schema.
 * Keywords are written in capitals and functions in lower case, so neither is touched. Strings,
 * quoted identifiers, comments and `$n` parameters are copied as they are, so SQL already in
 * PostgreSQL's dialect (Prisma's own) comes back unchanged.
 */
export function toPostgresSql(sql: string): string {
  let parameter = 0;
  return sql.replace(TOKEN, (token) => {
    if (token === "?") return `$${++parameter}`;
    return /^[A-Za-z_]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token) ? `"${token}"` : token;
  });
}

// Strings, quoted identifiers, comments, a `?`, `$1`, a name, or a number (so its digits are not
// read as a name); everything between them is copied.
const TOKEN = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\?|\$\d+|[A-Za-z_][A-Za-z0-9_$]*|\d[A-Za-z0-9_.]*/g;
