import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod";
import { afterAll, beforeAll, expect, inject, test, vi } from "vitest";
import { copyOfTemplate, type TempDatabase } from "../support/database";

type DbModule = typeof import("~/db.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type RecordsModule = typeof import("~/models/records.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type FormReplyModule = typeof import("~/utils/form-reply.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type DomainModule = typeof import("~/domain/records"); // eslint-disable-line @typescript-eslint/consistent-type-imports

let db: TempDatabase;
let prisma: DbModule["prisma"];
let sqliteWriteQueue: DbModule["sqliteWriteQueue"];
let records: RecordsModule;
let formReply: FormReplyModule;
let domain: DomainModule;

beforeAll(async () => {
  db = copyOfTemplate(inject("demoTemplate"), "full");
  process.env.DATABASE_URL = db.url;
  vi.resetModules();
  ({ prisma, sqliteWriteQueue } = await import("~/db.server"));
  records = await import("~/models/records.server");
  formReply = await import("~/utils/form-reply.server");
  domain = await import("~/domain/records");
});
afterAll(async () => {
  await prisma?.$disconnect();
  db?.remove();
});

test("a disk that fills during a save: 'Not saved' for the user, nothing half-saved, the database intact", async () => {
  const staff = await prisma.staffMember.findFirstOrThrow({ where: { organisationId: "demo-organisation" }, select: { id: true } });
  const form = new FormData();
  const key = randomUUID();
  for (const [name, value] of Object.entries({
    idempotencyKey: key,
    "occurred.day": "12",
    "occurred.month": "11",
    "occurred.year": "2026",
    incidentType: "fatality",
    involvement: "attended",
    informationReached: "2",
    initialDistress: "8",
    notes: "Long call, stayed with the crew until relieved. ".repeat(9),
  }))
    form.append(name, value);
  const submission = parseWithZod(form, { schema: domain.exposureSchema({ timeZone: "Europe/London" }) });
  if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
  const actor = { supporterId: "demo-user-supporter", organisationId: "demo-organisation", timeZone: "Europe/London", request: new Request("http://localhost/") };

  // The writing connections (Prisma's and the raw one saves use) may not grow the file any
  // further: SQLite's own "database or disk is full".
  const [pages] = await prisma.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count");
  const limitGrowth = async (maxPages: number) => {
    await prisma.$queryRawUnsafe(`PRAGMA max_page_count = ${maxPages}`);
    await sqliteWriteQueue().bulkWrite((raw) => raw.pragma(`max_page_count = ${maxPages}`));
  };
  await limitGrowth(Number(pages!.page_count));
  const countsBefore = [await prisma.exposure.count(), await prisma.followUp.count(), await prisma.auditEvent.count()];
  let outcome: Awaited<ReturnType<typeof formReply.attemptSave>> | undefined;
  // Fill what little room is left, then the real save must fail.
  const keys: string[] = [];
  for (let attempt = 0; attempt < 200 && (outcome === undefined || outcome.ok); attempt += 1) {
    keys.push(attempt === 0 ? key : randomUUID());
    outcome = await formReply.attemptSave(() => records.createExposure(staff.id, { ...submission.value, idempotencyKey: keys.at(-1)! }, actor));
  }
  expect(outcome).toEqual({ ok: false, message: expect.stringContaining("Not saved: the server has run out of storage space") });

  await limitGrowth(1073741823);
  const sqlite = (await import("better-sqlite3")).default;
  const check = new sqlite(db.file, { readonly: true });
  try {
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    // Every exposure that was saved has its follow-ups and its audit entry: none was half-saved.
    const orphans = check
      .prepare(
        `SELECT COUNT(*) FROM Exposure e WHERE e.idempotencyKey IN (SELECT value FROM json_each(?)) AND (
           NOT EXISTS (SELECT 1 FROM FollowUp f WHERE f.exposureId = e.id)
           OR NOT EXISTS (SELECT 1 FROM AuditEvent a WHERE a.entityId = CAST(e.id AS TEXT) AND a.action = 'exposure.create'))`,
      )
      .pluck()
      .get(JSON.stringify(keys));
    expect(orphans).toBe(0);
    // The save that failed left nothing behind.
    expect(check.prepare("SELECT COUNT(*) FROM Exposure WHERE idempotencyKey = ?").pluck().get(keys.at(-1))).toBe(0);
  } finally {
    check.close();
  }
  // Everything that was saved before the disk filled was saved whole: one exposure, its follow-ups, one audit line each.
  const saved = keys.length - 1;
  expect(await prisma.exposure.count()).toBe(countsBefore[0]! + saved);
  expect(await prisma.auditEvent.count()).toBe(countsBefore[2]! + saved);

  // With room again, the same form saves.
  const again = await formReply.attemptSave(() => records.createExposure(staff.id, { ...submission.value, idempotencyKey: randomUUID() }, actor));
  expect(again.ok).toBe(true);
});
