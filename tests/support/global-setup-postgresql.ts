import type { TestProject } from "vitest/node";
import { seedDemo, tempPostgresDatabase } from "./postgresql";

declare module "vitest" {
  export interface ProvidedContext {
    /** On the PostgreSQL test server: a migrated database holding the demo organisation, to copy (tests/support/engines.ts). */
    postgresqlDemoTemplate: string;
  }
}

/** Builds the demo template database once for the PostgreSQL suite; each test copies it (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  const demo = await tempPostgresDatabase("template_demo");
  // Disconnects when done: a template may have no one connected while it is copied.
  await seedDemo(demo.url);
  project.provide("postgresqlDemoTemplate", demo.name);
  return () => demo.remove();
}
