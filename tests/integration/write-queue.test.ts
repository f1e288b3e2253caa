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

describe("group commit: saves waiting together share one transaction", () => {
  const insertAudit = (raw: Database.Database, action: string) => raw.prepare("INSERT INTO AuditEvent (organisationId, action) VALUES (?, ?)").run(organisationId, action);

  test("writes sent at once are committed together; one that throws is undone alone, and each caller hears only after the commit", async () => {
    const adapter = queuedSqliteAdapter({ url: db.url, timeout: 200 });
    const outside = new Database(db.file, { readonly: true });
    const visibleOutside = (action: string) => (outside.prepare("SELECT COUNT(*) FROM AuditEvent WHERE action = ?").pluck().get(action) as number) > 0;
    const seenByLater: boolean[] = [];
    try {
      const writes = Array.from({ length: 5 }, (_, i) =>
        adapter.groupWrite(
          (raw) => {
            // Another connection does not see the earlier writes yet: they share one commit, still to come.
            if (i > 0) seenByLater.push(visibleOutside(`test.group.${i - 1}`));
            insertAudit(raw, `test.group.${i}`);
            if (i === 2) throw new Error("this save is refused");
            return i;
          },
          { maxWaitMs: 1000 },
        ),
      );
      const settled = await Promise.allSettled(writes);
      expect(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message))).toEqual([0, 1, "this save is refused", 3, 4]);
      expect(seenByLater).toEqual([false, false, false, false]);
      for (const i of [0, 1, 3, 4]) expect(await eventsNamed(`test.group.${i}`)).toBe(1);
      expect(await eventsNamed("test.group.2")).toBe(0);
    } finally {
      outside.close();
      const client = new GeneratedClient({ adapter });
      await client.$disconnect();
    }
  });

  test("when the shared commit fails, every write in it fails and none is saved", async () => {
    const adapter = queuedSqliteAdapter({ url: db.url, timeout: 200 });
    try {
      const writes = [
        adapter.groupWrite((raw) => insertAudit(raw, "test.doomed.0"), { maxWaitMs: 1000 }),
        // Checked only at COMMIT: a row pointing at no organisation makes the commit itself fail.
        adapter.groupWrite(
          (raw) => {
            raw.pragma("defer_foreign_keys = ON");
            raw.prepare("INSERT INTO AuditEvent (organisationId, action) VALUES (?, ?)").run("no-such-organisation", "test.doomed.1");
          },
          { maxWaitMs: 1000 },
        ),
        adapter.groupWrite((raw) => insertAudit(raw, "test.doomed.2"), { maxWaitMs: 1000 }),
      ];
      const settled = await Promise.allSettled(writes);
      expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
      expect(await prisma.auditEvent.count({ where: { action: { startsWith: "test.doomed." } } })).toBe(0);
      // The queue is usable again afterwards.
      await adapter.groupWrite((raw) => insertAudit(raw, "test.after_doomed"), { maxWaitMs: 1000 });
      expect(await eventsNamed("test.after_doomed")).toBe(1);
    } finally {
      await new GeneratedClient({ adapter }).$disconnect();
    }
  });

  test("a grouped write still waiting when its time is up (a long write holds the queue) fails as 'busy' and writes nothing", async () => {
    const adapter = queuedSqliteAdapter({ url: db.url, timeout: 200 });
    const long = adapter.bulkWrite(async (raw) => {
      raw.exec("BEGIN IMMEDIATE");
      insertAudit(raw, "test.group_long");
      await pause(600);
      raw.exec("COMMIT");
    });
    await pause(20);
    const impatient = await adapter.groupWrite((raw) => insertAudit(raw, "test.group_impatient"), { maxWaitMs: 100 }).then(
      () => "written",
      (error: unknown) => writeFailureOf(error),
    );
    const patient = adapter.groupWrite((raw) => insertAudit(raw, "test.group_patient"), { maxWaitMs: 5000 });
    await long;
    await patient;
    expect(impatient).toBe("busy");
    expect(await eventsNamed("test.group_impatient")).toBe(0);
    expect(await eventsNamed("test.group_patient")).toBe(1);
  });
});

