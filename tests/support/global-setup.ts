import Database from "better-sqlite3";
import type { TestProject } from "vitest/node";
import { createPrismaClient, preparePrismaClient } from "../../app/db.server";
import { SEED_TRANSACTION_TIMEOUT_MS, seedDemoOrganisation } from "../../prisma/seed";
import { migrate, tempDatabase } from "./database";
import { publishDueFigures } from "./publication";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated, empty database file to copy. */
    emptyTemplate: string;
    /** A migrated database holding the demo organisation, to copy. */
    demoTemplate: string;
  }
}

/** Builds the template databases once per suite; each test works on its own copy. */
export default async function setup(project: TestProject) {
  const empty = tempDatabase("template-empty");
  await migrate(empty.url);
  const demo = tempDatabase("template-demo");
  await migrate(demo.url);
  const prisma = createPrismaClient(demo.url, { transactionTimeoutMs: SEED_TRANSACTION_TIMEOUT_MS });
  await preparePrismaClient(prisma);
  await seedDemoOrganisation(prisma);
  // Fold the WAL into the main file so a plain file copy is complete.
  await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await prisma.$disconnect();
  await publishDueFigures(demo.url);
  // Fold the publisher's writes into the main file too.
  const file = new Database(demo.file);
  file.pragma("wal_checkpoint(TRUNCATE)");
  file.close();
  project.provide("emptyTemplate", empty.file);
  project.provide("demoTemplate", demo.file);
  return () => {
    empty.remove();
    demo.remove();
  };
}
