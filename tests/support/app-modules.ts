import { vi } from "vitest";
import { demoDatabase } from "./engines";
import { openSql, type TestSql } from "./sql";

/**
 * A private copy of the demo, on the engine under test, with the app's modules pointed at it:
 * DATABASE_URL is set and the module registry reset, so every `await import("~/…")` after this
 * loads modules whose Prisma client works on the copy. `prepare` may change the copy first, through
 * the test's own SQL handle `sql`; `close` ends both connections and removes the copy.
 */
export async function demoCopyForModules(label: string, prepare?: (sql: TestSql) => Promise<void>) {
  const db = await demoDatabase(label);
  const sql = await openSql(db.url);
  await prepare?.(sql);
  process.env.DATABASE_URL = db.url;
  vi.resetModules();
  const { prisma } = await import("~/db.server");
  const close = async () => {
    await sql.close();
    await prisma.$disconnect();
    await db.remove();
  };
  return { prisma, sql, url: db.url, close };
}

export type DemoCopy = Awaited<ReturnType<typeof demoCopyForModules>>;
