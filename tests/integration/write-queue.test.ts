import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "~/db.server";
import { writeFailureOf } from "~/db/write-failure";
import { queuedSqliteAdapter } from "~/db/write-queue.server";
import { PrismaClient as GeneratedClient } from "~/generated/prisma/client";
import { copyOfTemplate, type TempDatabase } from "../support/database";

let db: TempDatabase;
let prisma: PrismaClient;
let organisationId: string;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = copyOfTemplate(inject("demoTemplate"), "queue");
  prisma = createPrismaClient(db.url);
  organisationId = (await prisma.organisation.findFirstOrThrow()).id;
});
afterAll(async () => {
  await prisma?.$disconnect();
  db?.remove();
});

const eventsNamed = (action: string) => prisma.auditEvent.count({ where: { action } });

describe("one write queue, reads beside it", () => {
  test("a save acknowledged while another request's transaction is open survives that transaction rolling back", async () => {
    const failing = prisma
      .$transaction(async (tx) => {
        await tx.auditEvent.create({ data: { organisationId, action: "test.rolled_back" } });
        await pause(150);
        throw new Error("the other request failed");
      })
      .catch((error: Error) => error.message);
    await pause(30);
    await prisma.auditEvent.create({ data: { organisationId, action: "test.acknowledged" } });
    expect(await failing).toBe("the other request failed");
    expect(await eventsNamed("test.acknowledged")).toBe(1);
    expect(await eventsNamed("test.rolled_back")).toBe(0);
  });

  test("a read during an open transaction neither waits for it nor sees its uncommitted rows", async () => {
    let committed = false;
    const writing = prisma.$transaction(async (tx) => {
      await tx.auditEvent.create({ data: { organisationId, action: "test.in_flight" } });
      await pause(300);
      committed = true;
    });
    await pause(30);
    expect(await eventsNamed("test.in_flight")).toBe(0);
    expect(committed).toBe(false);
    await writing;
    expect(await eventsNamed("test.in_flight")).toBe(1);
  });

  test("writes from many requests at once all land, one at a time", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? prisma.auditEvent.create({ data: { organisationId, action: "test.many" } })
          : prisma.$transaction([prisma.auditEvent.create({ data: { organisationId, action: "test.many" } })]),
      ),
    );
    expect(await eventsNamed("test.many")).toBe(40);
  });
});

describe("another process holding the write lock", () => {
  // A client that gives up waiting for the lock after 200 ms, so the test need not wait 5 s.
  const impatientClient = () => new GeneratedClient({ adapter: queuedSqliteAdapter({ url: db.url, timeout: 200 }) });

  test("a single write is retried with backoff and lands once the lock is free", async () => {
    const other = new Database(db.file);
    other.prepare("BEGIN IMMEDIATE").run();
    setTimeout(() => other.prepare("COMMIT").run(), 350);
    const client = impatientClient();
    try {
      await client.auditEvent.create({ data: { organisationId, action: "test.after_lock" } });
      expect(await eventsNamed("test.after_lock")).toBe(1);
    } finally {
      await client.$disconnect();
      other.close();
    }
  });

  test("when the lock is never released the write fails as busy, and nothing is written", async () => {
    const other = new Database(db.file);
    other.prepare("BEGIN IMMEDIATE").run();
    const client = impatientClient();
    try {
      const error = await client.auditEvent.create({ data: { organisationId, action: "test.never" } }).catch((e: unknown) => e);
      expect(writeFailureOf(error)).toBe("busy");
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
      await client.$disconnect();
    }
    expect(await eventsNamed("test.never")).toBe(0);
  });

  test("a bulk write (an import) holds the same queue: a save sent meanwhile waits its turn instead of failing on the lock, and lands", async () => {
    const adapter = queuedSqliteAdapter({ url: db.url, timeout: 200 });
    const client = new GeneratedClient({ adapter });
    try {
      let bulkEnded = 0;
      const bulk = adapter.bulkWrite(async (raw) => {
        raw.exec("BEGIN IMMEDIATE");
        raw.prepare("INSERT INTO AuditEvent (organisationId, action) VALUES (?, ?)").run(organisationId, "test.bulk");
        // Longer than the client's lock wait and its retries together.
        await pause(1500);
        raw.exec("COMMIT");
        bulkEnded = Date.now();
      });
      await pause(50);
      await client.auditEvent.create({ data: { organisationId, action: "test.during_bulk" } });
      const savedAt = Date.now();
      await bulk;
      expect(savedAt).toBeGreaterThanOrEqual(bulkEnded);
      expect(await eventsNamed("test.bulk")).toBe(1);
      expect(await eventsNamed("test.during_bulk")).toBe(1);
    } finally {
      await client.$disconnect();
    }
  });

  test("a raw write that may wait only so long for the queue fails as 'busy' (not saved) when a long write holds it, and writes nothing", async () => {
    const adapter = queuedSqliteAdapter({ url: db.url, timeout: 200 });
    const long = adapter.bulkWrite(async (raw) => {
      raw.exec("BEGIN IMMEDIATE");
      raw.prepare("INSERT INTO AuditEvent (organisationId, action) VALUES (?, ?)").run(organisationId, "test.long");
      await pause(600);
      raw.exec("COMMIT");
    });
    await pause(20);
    const impatient = await adapter
      .bulkWrite((raw) => raw.prepare("INSERT INTO AuditEvent (organisationId, action) VALUES (?, ?)").run(organisationId, "test.impatient"), { maxWaitMs: 100 })
      .then(
        () => "written",
        (error: unknown) => writeFailureOf(error),
      );
    await long;
    expect(impatient).toBe("busy");
    expect(await eventsNamed("test.long")).toBe(1);
    expect(await eventsNamed("test.impatient")).toBe(0);
    // Once the queue is free the same write goes through.
    await adapter.bulkWrite((raw) => raw.prepare("INSERT INTO AuditEvent (organisationId, action) VALUES (?, ?)").run(organisationId, "test.impatient"), { maxWaitMs: 100 });
    expect(await eventsNamed("test.impatient")).toBe(1);
  });
});
