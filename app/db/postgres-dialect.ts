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
  let out = "";
  let parameter = 0;
  let i = 0;
  while (i < sql.length) {
    const char = sql[i]!;
    const next = sql[i + 1];
    let end: number;
    if (char === "'" || char === '"') {
      end = closingQuote(sql, i, char);
    } else if (char === "-" && next === "-") {
      end = sql.indexOf("\n", i);
      if (end === -1) end = sql.length;
    } else if (char === "/" && next === "*") {
      end = sql.indexOf("*/", i + 2);
      end = end === -1 ? sql.length : end + 2;
    } else if (char === "?") {
      out += `$${++parameter}`;
      i += 1;
      continue;
    } else if (/[A-Za-z_]/.test(char)) {
      end = i + 1;
      while (end < sql.length && /[A-Za-z0-9_$]/.test(sql[end]!)) end += 1;
      const word = sql.slice(i, end);
      out += /[a-z]/.test(word) && /[A-Z]/.test(word) ? `"${word}"` : word;
      i = end;
      continue;
    } else if (char === "$" || /[0-9]/.test(char)) {
      // `$1` parameters and numbers: copied whole, so their digits are not read as a name.
      end = i + 1;
      while (end < sql.length && /[A-Za-z0-9_.]/.test(sql[end]!)) end += 1;
    } else {
      end = i + 1;
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

/** The index after the quote that closes the one at `start` (a doubled quote is part of the text). */
function closingQuote(sql: string, start: number, quote: string) {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}
