// PostgreSQL's copy of the data model (issue #9). prisma/schema.prisma stays the one place the models
// are written; this writes prisma/postgresql/schema.prisma from it, changing only the datasource's
// provider and where the generated client goes (Prisma checks that a client's provider matches its
// driver adapter, so each engine needs its own client). `npm test` checks the copy is current.
//
// Usage: tsx prisma/postgresql/provider-schema.ts   (rewrites prisma/postgresql/schema.prisma)
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SQLITE_DATASOURCE = /datasource db \{\s*provider\s*=\s*"sqlite"/;
const SQLITE_CLIENT_OUTPUT = 'output       = "../app/generated/prisma"';

export const POSTGRESQL_HEADER = "// Written by prisma/postgresql/provider-schema.ts from prisma/schema.prisma: edit that file, then run\n// `tsx prisma/postgresql/provider-schema.ts`.\n\n";

/** The PostgreSQL schema for a SQLite schema: the same text but for the datasource and the client's folder. */
export function postgresqlSchemaOf(sqliteSchema: string): string {
  if (!SQLITE_DATASOURCE.test(sqliteSchema)) throw new Error('prisma/schema.prisma no longer has a datasource with provider = "sqlite"');
  if (!sqliteSchema.includes(SQLITE_CLIENT_OUTPUT)) throw new Error(`prisma/schema.prisma no longer has the client ${SQLITE_CLIENT_OUTPUT}`);
  return (
    POSTGRESQL_HEADER +
    sqliteSchema
      .replace(SQLITE_DATASOURCE, (datasource) => datasource.replace('"sqlite"', '"postgresql"'))
      // Relative to prisma/postgresql/.
      .replace(SQLITE_CLIENT_OUTPUT, 'output       = "../../app/generated/prisma-postgresql"')
  );
}

/** Each `model Name { … }` block of a schema, by name, with its lines as written. */
export function modelBlocks(schema: string): Map<string, string> {
  return new Map([...schema.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)].map((match) => [match[1]!, match[2]!]));
}

export const schemaFiles = (projectRoot: string) => ({
  sqlite: path.join(projectRoot, "prisma", "schema.prisma"),
  postgresql: path.join(projectRoot, "prisma", "postgresql", "schema.prisma"),
});

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = schemaFiles(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", ".."));
  writeFileSync(files.postgresql, postgresqlSchemaOf(readFileSync(files.sqlite, "utf8")));
  console.info(`Wrote ${files.postgresql}`);
}
