import Database from "better-sqlite3";
import { inject, vi } from "vitest";
import { copyOfTemplate } from "./database";

/**
 * A private copy of the demo with the app's modules pointed at it: DATABASE_URL is set and the
 * module registry reset, so every `await import("~/…")` after this loads modules whose Prisma client
 * works on the copy. `prepare` may change the copy first. `sqlite` is a read-only handle for the
 * test's own look-ups; `close` ends both connections and removes the copy.
 */
export async function demoCopyForModules(label: string, prepare?: (file: string) => void) {
  const db = copyOfTemplate(inject("demoTemplate"), label);
  prepare?.(db.file);
  process.env.DATABASE_URL = db.url;
  vi.resetModules();
  const { prisma } = await import("~/db.server");
  const sqlite = new Database(db.file, { readonly: true });
  const close = async () => {
    sqlite.close();
    await prisma.$disconnect();
    db.remove();
  };
  return { prisma, sqlite, close };
}

export type DemoCopy = Awaited<ReturnType<typeof demoCopyForModules>>;
