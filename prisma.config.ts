import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseEngineOf, resolveDatabaseUrl } from "./app/env.server";
import { postgresqlCliConfig } from "./prisma/postgresql/cli-config";

// The Prisma CLI reads the same DATABASE_URL (default data/debrief.db) as the app, and the same
// engine: a postgres:// URL takes the PostgreSQL schema and migrations in prisma/postgresql/.
// Through the JavaScript schema engine either way: it needs no binary download.
const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);
process.env.DATABASE_URL = databaseUrl;

const sqliteCliConfig = defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  async adapter() {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.dirname(databaseUrl.replace(/^file:/, "")), { recursive: true });
    return new PrismaBetterSQLite3({ url: databaseUrl });
  },
});

export default databaseEngineOf(databaseUrl) === "postgresql" ? postgresqlCliConfig(databaseUrl) : sqliteCliConfig;
