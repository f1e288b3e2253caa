import type { TestProject } from "vitest/node";
import { seedDemo, tempPostgresDatabase } from "./postgresql";

declare module "vitest" {
  export interface ProvidedContext {
    /** On the PostgreSQL test server: a migrated database holding the demo organisation, to copy (tests/support/engines.ts). */
    postgresqlDemoTemplate: string;
    /** And a migrated, empty one. */
    postgresqlEmptyTemplate: string;
  }
}

/** Builds the template databases once for the PostgreSQL suite; each test copies one (CREATE DATABASE … TEMPLATE). */
export default async function setup(project: TestProject) {
  const [empty, demo] = await Promise.all([tempPostgresDatabase("template_empty"), tempPostgresDatabase("template_demo")]);
  // Disconnects when done: a template may have no one connected while it is copied.
  await seedDemo(demo.url);
  project.provide("postgresqlEmptyTemplate", empty.name);
  project.provide("postgresqlDemoTemplate", demo.name);
  return async () => {
    await empty.remove();
    await demo.remove();
  };
}
