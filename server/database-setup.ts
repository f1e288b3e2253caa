// Bringing a database up to date: the committed migrations (through the Prisma CLI), then the demo
// organisation into a database with none. Used by npm start, npm run db:setup and create-admin.
import { execFile } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sqliteFilePath } from "../app/env.server";
import { databaseFacts, type DatabaseFacts } from "./database-checks";

/** Migrations that did not apply, with the one line that says why. */
export class MigrationFailed extends Error {
  constructor(reason: string) {
    super(`the migrations could not be applied: ${reason}`);
    this.name = "MigrationFailed";
  }
}

/**
 * Applies the committed migrations with `prisma migrate deploy`. Its output is kept back: on success
 * it is a page of detail, with a warning that the schema's `url` is not used (the CLI needs it there:
 * docs/decisions/0003-quick-quiet-start.md); on failure it ends in a Rust backtrace. Then a fresh
 * look at the database (taken by another program meanwhile, say) gives the reason in one line, or
 * else Prisma's own first error line does.
 */
export async function applyMigrations(root: string, databaseUrl: string) {
  const sqliteFile = databaseUrl.startsWith("file:") ? sqliteFilePath(databaseUrl) : null;
  const creates = sqliteFile !== null && !existsSync(sqliteFile);
  try {
    await promisify(execFile)(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
  } catch (error) {
    const { problem } = await databaseFacts(databaseUrl, root, { exclusive: true, createsDatabase: true });
    const output = `${(error as { stderr?: string }).stderr ?? ""}\n${(error as { stdout?: string }).stdout ?? ""}`;
    const prismaReason = output.split("\n").find((line) => line.startsWith("Error:"))?.slice("Error:".length).trim();
    throw new MigrationFailed(problem ?? prismaReason?.slice(0, 300) ?? (error as Error).message);
  }
  // A new database file holds health data: readable by the user that runs Debrief only, like its keys.
  if (creates && existsSync(sqliteFile)) chmodSync(sqliteFile, 0o600);
}

/**
 * Applies any pending migrations, then seeds the demo organisation if the database holds none.
 * `facts` are the database's answers from the check the command made first; `log` reports each step.
 */
export async function setUpDatabase(root: string, databaseUrl: string, facts: DatabaseFacts, log: (line: string) => void) {
  if (facts.pending.length > 0) {
    await applyMigrations(root, databaseUrl);
    log(`Applied ${facts.pending.length} migration(s).`);
  }
  if (facts.organisations.any) {
    if (facts.pending.length === 0) log("The database is up to date, and holds data: no demo is added.");
    return;
  }
  // Loaded only when needed: the seed brings the app's client, faker and argon2, a second or two.
  const { seedDatabase } = await import("../prisma/seed");
  await seedDatabase(databaseUrl, { ifEmpty: true }, log);
  await publishSeededFigures(log);
}

/**
 * Publishes the demo's past months, so its figures are there at the first visit (the server would
 * publish them soon after it starts anyway). The app's client serves this same database: the
 * command resolved it from the same DATABASE_URL.
 */
async function publishSeededFigures(log: (line: string) => void) {
  const started = Date.now();
  const { publishDueMonthsEverywhere } = await import("../app/models/publication.server");
  const { prisma } = await import("../app/db.server");
  try {
    const months = (await publishDueMonthsEverywhere()).reduce((sum, result) => sum + result.published, 0);
    log(`Published ${months} months of the demo's figures in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await prisma.$disconnect();
  }
}
