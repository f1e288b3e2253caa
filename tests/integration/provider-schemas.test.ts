// Issue #9: one set of models on SQLite and PostgreSQL. prisma/schema.prisma is where they are
// written; prisma/postgresql/schema.prisma is written from it, and both clients are generated at
// npm install. Neither may drift from the other.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { Prisma as PostgresqlPrisma } from "~/generated/prisma-postgresql/client";
import { Prisma as SqlitePrisma } from "~/generated/prisma/client";
import { modelBlocks, postgresqlSchemaOf, schemaFiles } from "../../prisma/postgresql/provider-schema";
import { projectRoot } from "../support/paths";

const files = schemaFiles(projectRoot);
const sqliteSchema = readFileSync(files.sqlite, "utf8");
const postgresqlSchema = readFileSync(files.postgresql, "utf8");

test("prisma/postgresql/schema.prisma is current: written from prisma/schema.prisma as it is now", () => {
  expect(postgresqlSchema, "run: npx tsx prisma/postgresql/provider-schema.ts").toBe(postgresqlSchemaOf(sqliteSchema));
  expect(postgresqlSchema).toMatch(/provider = "postgresql"/);
  expect(postgresqlSchema).not.toMatch(/provider = "sqlite"/);
});

test("the two schemas define the same models with the same fields, line for line", () => {
  const sqlite = modelBlocks(sqliteSchema);
  const postgresql = modelBlocks(postgresqlSchema);
  expect(sqlite.size).toBeGreaterThan(30);
  expect([...postgresql.keys()]).toEqual([...sqlite.keys()]);
  for (const [name, block] of sqlite) expect(postgresql.get(name), name).toBe(block);
});

test("the two generated clients know the same models and fields (neither client is stale)", () => {
  const scalarFields = (prisma: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(prisma).filter(([key]) => key.endsWith("ScalarFieldEnum")).map(([key, fields]) => [key, Object.keys(fields as object)]));
  expect(Object.keys(PostgresqlPrisma.ModelName)).toEqual(Object.keys(SqlitePrisma.ModelName));
  expect(scalarFields(PostgresqlPrisma as unknown as Record<string, unknown>)).toEqual(scalarFields(SqlitePrisma as unknown as Record<string, unknown>));
  expect(Object.keys(scalarFields(SqlitePrisma as unknown as Record<string, unknown>)).length).toBe(Object.keys(SqlitePrisma.ModelName).length);
});
