import type { TestProject } from "vitest/node";
import { createPrismaClient, preparePrismaClient } from "../../app/db.server";
import { SEED_TRANSACTION_TIMEOUT_MS, seedDemoOrganisation } from "../../prisma/seed";
import { tempPostgresDatabase } from "./postgresql";

declare module "vitest" {
  export interface ProvidedContext {
    /** On the PostgreSQL test server: a migrated database holding the demo organisation, to copy (tests/support/engines.ts). */
    postgresqlDemoTemplate: string;
  }
}

/** Builds the demo template database once for the PostgreSQL suite; each test copies it (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  const demo = await tempPostgresDatabase("template_demo");
  const prisma = createPrismaClient(demo.url, { transactionTimeoutMs: SEED_TRANSACTION_TIMEOUT_MS });
  await preparePrismaClient(prisma);
  await seedDemoOrganisation(prisma);
  // A template may have no one connected while it is copied.
  await prisma.$disconnect();
  project.provide("postgresqlDemoTemplate", demo.name);
  return () => demo.remove();
}
