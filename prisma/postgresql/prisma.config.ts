import { databaseEngineOf } from "../../app/env.server";
import { postgresqlCliConfig } from "./cli-config";

// For `prisma generate` of the PostgreSQL client at npm install, whatever DATABASE_URL is: the CLI
// reads the schema's env("DATABASE_URL"), and without a PostgreSQL one it would try to fetch a query
// engine. Generating needs no real database, so it gets a stand-in. (prisma.config.ts at the root
// chooses the engine by DATABASE_URL for everything else: migrate deploy, seed.)
const given = process.env.DATABASE_URL ?? "";
const databaseUrl = databaseEngineOf(given) === "postgresql" ? given : "postgresql://localhost/debrief";
process.env.DATABASE_URL = databaseUrl;

export default postgresqlCliConfig(databaseUrl);
