import { afterEach, beforeEach, expect, inject, test, vi } from "vitest";
import { copyOfTemplate, tempDatabase, type TempDatabase } from "../support/database";

let db: TempDatabase | undefined;
const originalUrl = process.env.DATABASE_URL;

beforeEach(() => vi.resetModules());
afterEach(() => {
  db?.remove();
  process.env.DATABASE_URL = originalUrl;
});

async function callHealthz() {
  const { loader } = await import("~/routes/healthz");
  return loader();
}

test("GET /healthz answers 200 with the database ok", async () => {
  db = copyOfTemplate(inject("emptyTemplate"), "health-ok");
  process.env.DATABASE_URL = db.url;
  const response = await callHealthz();
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});

test("GET /healthz answers 503 with db error when the database cannot be opened", async () => {
  db = tempDatabase("health-broken");
  // A folder that does not exist: SQLite cannot open or create the file.
  process.env.DATABASE_URL = `file:${db.dir}/missing-folder/debrief.db`;
  const response = await callHealthz();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "error", db: "error" });
});
