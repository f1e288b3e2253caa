import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { emptyDatabase, unreachableDatabaseUrl, type TestDatabase } from "../support/engines";

let db: TestDatabase | undefined;
const originalUrl = process.env.DATABASE_URL;

beforeEach(() => vi.resetModules());
afterEach(async () => {
  const { prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await db?.remove();
  db = undefined;
  process.env.DATABASE_URL = originalUrl;
});

async function callHealthz() {
  const { loader } = await import("~/routes/healthz");
  return loader();
}

test("GET /healthz answers 200 with the database ok", async () => {
  db = await emptyDatabase("health-ok");
  process.env.DATABASE_URL = db.url;
  const response = await callHealthz();
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});

test("GET /healthz answers 503 with db error when the database cannot be opened", async () => {
  process.env.DATABASE_URL = unreachableDatabaseUrl();
  const response = await callHealthz();
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "error", db: "error" });
});
