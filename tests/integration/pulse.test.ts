import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import { publishDueFigures } from "../support/publication";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let admin: HttpSession;
let manager: HttpSession;
let sql: TestSql;
const K = 5;
const text = pageText;

/** Five WHO-5 items (0–5) and the information rating: the answer a form posts. */
const answerOf = (items: number[], informationSharing = "4") => ({
  who5Item1: String(items[0]),
  who5Item2: String(items[1]),
  who5Item3: String(items[2]),
  who5Item4: String(items[3]),
  who5Item5: String(items[4]),
  informationSharing,
});
const ANSWER = answerOf([3, 2, 4, 1, 3]);

beforeAll(async () => {
  // Trust one proxy so each "device" can speak from its own address (X-Forwarded-For).
  demo = await demoWithServer("pulse", { TRUST_PROXY: "1" });
  ({ server, sql } = demo);
  admin = new HttpSession(server.url);
  await admin.signIn("admin@demo.test");
  manager = new HttpSession(server.url);
  await manager.signIn("manager@demo.test");
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

let addresses = 0;
/** A fresh address in the documentation range, for one device. */
const newAddress = () => `198.51.100.${(addresses += 1)}`;

const responsesOf = (pulseId: string) => sql.value<number>("SELECT COUNT(*) AS n FROM PulseResponse WHERE pulseId = ?", pulseId);
const codesUsedOf = (pulseId: string) => sql.value<number>("SELECT codesUsed FROM Pulse WHERE id = ?", pulseId);
const unusedCodesOf = (pulseId: string) => sql.value<number>("SELECT COUNT(*) AS n FROM PulseCode WHERE pulseId = ?", pulseId);
const headcountOf = (teamId: string) => sql.value<number>("SELECT headcount FROM TeamHeadcount WHERE teamId = ? ORDER BY periodMonth DESC LIMIT 1", teamId);
const teamName = (teamId: string) => sql.value<string>("SELECT name FROM Team WHERE id = ?", teamId);
const SLIP_CODE = /class="app-slip__code">([A-Z0-9-]+)</g;

/** The admin opens a check-in for a team and makes its slips; the codes as the sheet prints them. */
async function openCheckIn(teamId: string) {
  const opened = await admin.post("/admin/pulses", { team: teamId, days: "14" });
  expect(opened.status).toBe(302);
  const slipsPath = opened.headers.get("location")!;
  expect(slipsPath).toMatch(/^\/admin\/pulses\/[^/]+\/slips$/);
  const id = slipsPath.split("/")[3]!;
  const sheet = await admin.post(slipsPath, {});
  expect(sheet.status).toBe(200);
  const codes = [...(await sheet.text()).matchAll(SLIP_CODE)].map((match) => match[1]!);
  return { id, codes, slipsPath };
}

/** One person answering on the shared page with their code: a new device (no cookies, its own address) unless given one. */
async function answer(code: string, fields: Record<string, string> = ANSWER, device: { session?: HttpSession; address?: string } = {}) {
  const session = device.session ?? new HttpSession(server.url);
  return session.post("/pulse", { intent: "answer", code, ...fields }, { "X-Forwarded-For": device.address ?? newAddress() });
}

/** As if the check-in's announced end had passed (time injected into its row, as the other tests do). */
const runToItsEnd = (pulseId: string) => sql.run("UPDATE Pulse SET closesAt = ? WHERE id = ?", new Date(Date.now() - 60_000).toISOString().replace("Z", "+00:00"), pulseId);

describe("opening a check-in", () => {
  test("makes one single-use code per person in the team's headcount, shown once on a printable sheet, kept only as keyed hashes; it is audited", async () => {
    const people = await headcountOf("demo-team-response-north");
    const opened = await admin.post("/admin/pulses", { team: "demo-team-response-north", days: "14" });
    const slipsPath = opened.headers.get("location")!;
    const id = slipsPath.split("/")[3]!;
    // Before the slips are made, the page says how many there will be and that they are shown once.
    const before = text(await (await admin.get(slipsPath)).text());
    expect(before).toContain(`There will be ${people} slips, one for each person in the team's headcount`);
    expect(before).toContain("The codes are shown only once");
    expect(await unusedCodesOf(id)).toBe(0);

    const sheet = await admin.post(slipsPath, {});
    const html = await sheet.text();
    const codes = [...html.matchAll(SLIP_CODE)].map((match) => match[1]!);
    expect(codes).toHaveLength(people);
    expect(new Set(codes).size).toBe(people);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
    expect(text(html)).toContain(`These ${people} codes are shown only now, on this page`);
    expect(text(html)).toContain(`${server.url}/pulse`);
    // The plain list for a mail merge holds the same codes.
    const list = /<textarea[^>]*id="slip-codes"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!;
    expect(list.trim().split("\n")).toEqual(codes);

    // The database holds a keyed hash of each, never the code, nor a plain hash of it.
    expect(await unusedCodesOf(id)).toBe(people);
    const kept = await sql.all<{ codeHash: string }>("SELECT codeHash FROM PulseCode WHERE pulseId = ?", id);
    const plain = codes.map((c) => c.replace("-", ""));
    for (const { codeHash } of kept) {
      for (const code of plain) {
        expect(codeHash).not.toContain(code);
        expect(codeHash).not.toBe(createHash("sha256").update(code).digest("hex"));
        expect(codeHash).not.toBe(createHash("sha256").update(code).digest("base64url"));
      }
    }
    // Shown once: the check-in's pages do not show them again.
    for (const path of [slipsPath, `/admin/pulses/${id}`, "/admin/pulses"]) {
      const again = await (await admin.get(path)).text();
      for (const code of codes) expect(again).not.toContain(code);
    }
    const audit = await sql.all<{ action: string; actorUserId: string }>("SELECT action, actorUserId FROM AuditEvent WHERE entityId = ? AND action LIKE 'pulse.%' ORDER BY id", id);
    expect(audit).toEqual([
      { action: "pulse.open", actorUserId: "demo-user-admin" },
      { action: "pulse.slips", actorUserId: "demo-user-admin" },
    ]);
  });

  test("a team is asked at most once a month, and a team smaller than k cannot be asked; each refused beside the team field", async () => {
    const again = await admin.post("/admin/pulses", { team: "demo-team-response-north", days: "14" });
    expect(again.status).toBe(400);
    const html = await again.text();
    expect(text(html)).toContain("has already been asked this month");
    expect(html).toContain('href="#open-pulse-team"');

    await sql.run("UPDATE TeamHeadcount SET headcount = ? WHERE teamId = 'demo-team-maintenance'", K - 1);
    const small = await admin.post("/admin/pulses", { team: "demo-team-maintenance", days: "14" });
    expect(small.status).toBe(400);
    expect(text(await small.text())).toContain(`has ${K - 1} people. Results need at least ${K} answers, so a check-in could never show any`);
  });

  test("making new slips cancels the unused ones of the earlier sheet; used codes stay counted", async () => {
    const { id, codes, slipsPath } = await openCheckIn("demo-team-police-contact");
    expect((await answer(codes[0]!)).status).toBe(302);
    const page = text(await (await admin.get(slipsPath)).text());
    expect(page).toContain("Making new ones stops every unused slip of that sheet working");
    expect(page).toContain(`There will be ${codes.length - 1} new slips`);
    const second = [...(await (await admin.post(slipsPath, {})).text()).matchAll(SLIP_CODE)].map((m) => m[1]!);
    expect(second).toHaveLength(codes.length - 1);
    expect(await unusedCodesOf(id)).toBe(codes.length - 1);
    // An unused code of the first sheet no longer works; one of the new sheet does.
    expect((await answer(codes[1]!)).status).toBe(400);
    expect((await answer(second[0]!)).status).toBe(302);
    expect(await codesUsedOf(id)).toBe(2);
    expect(await responsesOf(id)).toBe(2);
  });
});

describe("answering counts people, not answers", () => {
  let north: { id: string; codes: string[] };
  beforeAll(async () => {
    north = { id: String(await sql.value("SELECT id FROM Pulse WHERE teamId = 'demo-team-response-north' AND withdrawnAt IS NULL ORDER BY createdAt DESC")), codes: [] };
    // The sheet of the first test was shown once; this suite makes a new one for its own use.
    north.codes = [...(await (await admin.post(`/admin/pulses/${north.id}/slips`, {})).text()).matchAll(SLIP_CODE)].map((m) => m[1]!);
  });

  test("staff type their code on the shared page, in any case and with spaces, and reach the questions without signing in", async () => {
    const visitor = new HttpSession(server.url);
    const typed = north.codes[0]!.toLowerCase().replace("-", " ");
    const response = await visitor.post("/pulse", { intent: "code", code: typed }, { "X-Forwarded-For": newAddress() });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(text(html)).toContain("Response Team North");
    expect(text(html)).toContain("I have felt cheerful and in good spirits");
    expect(text(html)).toContain("In the past month, did information from partner agencies help you do your job?");
    // The code goes on in the form, not in the address, so it is not left in a shared PC's history.
    expect(html).toContain(`name="code" value="${north.codes[0]!.replace("-", "")}"`);
    expect(response.headers.getSetCookie()).toEqual([]);
    // Looking at the questions uses nothing up.
    expect(await unusedCodesOf(north.id)).toBe(north.codes.length);
  });

  test("stuffing without codes is refused: no code, an invented code, or a code of the wrong shape saves nothing", async () => {
    const none = await answer("");
    expect(none.status).toBe(400);
    const html = await none.text();
    expect(text(html)).toContain("Enter the code from your slip");
    expect(html).toContain('href="#pulse-code-code"');
    const invented = await answer("ABCDE-FGHJK");
    expect(invented.status).toBe(400);
    expect(text(await invented.text())).toContain("That code is wrong or has already been used");
    expect((await answer("NOT-A-CODE")).status).toBe(400);
    expect(await responsesOf(north.id)).toBe(0);
    expect(await codesUsedOf(north.id)).toBe(0);
  });

  test("a used code is refused: one real code sent again from five fresh cookie jars saves one answer", async () => {
    const [code] = north.codes;
    expect((await answer(code!)).status).toBe(302);
    for (let i = 0; i < 5; i += 1) {
      const again = await answer(code!, answerOf([5, 5, 5, 5, 5], "5"));
      expect(again.status).toBe(400);
      expect(text(await again.text())).toContain("That code is wrong or has already been used");
    }
    expect(await responsesOf(north.id)).toBe(1);
    expect(await codesUsedOf(north.id)).toBe(1);
  });

  test("an answer keeps no person, no address, only its week, and no link to its code, which is gone", async () => {
    const saved = (await sql.get("SELECT * FROM PulseResponse WHERE pulseId = ?", north.id)) as Record<string, string | number>;
    // Every column the table has: nothing else is stored with an answer.
    expect(Object.keys(saved).sort()).toEqual(
      ["id", "organisationId", "teamId", "pulseId", "week", "month", "who5Item1", "who5Item2", "who5Item3", "who5Item4", "who5Item5", "who5Percent", "informationSharing"].sort(),
    );
    expect(saved.who5Percent).toBe((3 + 2 + 4 + 1 + 3) * 4);
    expect(saved.informationSharing).toBe(4);
    expect(new Date(`${saved.week}T12:00:00Z`).getUTCDay()).toBe(1);
    expect(await sql.columns("PulseCode")).toEqual(expect.arrayContaining(["codeHash", "pulseId"]));
    expect((await sql.columns("PulseCode")).length).toBe(2);
    expect(await unusedCodesOf(north.id)).toBe(north.codes.length - 1);
    // Nothing about the visit went into the audit log either.
    expect(await sql.value("SELECT COUNT(*) AS n FROM AuditEvent WHERE entityId = ? AND action NOT IN ('pulse.open', 'pulse.slips', 'view')", north.id)).toBe(0);
  });

  test("several people answer one after another on one shared PC, each with their own code", async () => {
    const sharedPc = new HttpSession(server.url);
    const address = newAddress();
    for (const code of north.codes.slice(1, 4)) {
      const sent = await answer(code, ANSWER, { session: sharedPc, address });
      expect(sent.status).toBe(302);
      expect(sent.headers.get("location")).toBe("/pulse?answered");
      expect(sent.headers.getSetCookie()).toEqual([]);
      const thanks = text(await (await sharedPc.get("/pulse?answered")).text());
      expect(thanks).toContain("Thank you");
      expect(thanks).toContain("Someone else answering on this computer?");
    }
    expect(await responsesOf(north.id)).toBe(4);
  });

  test("two answers with the same code at the same moment: one is saved, the others save nothing", async () => {
    const code = north.codes[4]!;
    const before = await responsesOf(north.id);
    const sent = await Promise.all(Array.from({ length: 6 }, (_, i) => answer(code, answerOf([i % 6, 1, 2, 3, 4]))));
    const statuses = sent.map((response) => response.status).sort();
    expect(statuses).toEqual([302, 400, 400, 400, 400, 400]);
    expect(await responsesOf(north.id)).toBe(before + 1);
    expect(await codesUsedOf(north.id)).toBe(before + 1);
  });
});

describe("results", () => {
  test("appear only after the announced end, and only with at least k codes used", async () => {
    const roads = await openCheckIn("demo-team-roads-policing");
    const scores = [5, 4, 3, 2, 1, 0];
    for (const score of scores) expect((await answer(roads.codes.pop()!, answerOf([score, score, score, score, score]))).status).toBe(302);
    let page = text(await (await admin.get(`/admin/pulses/${roads.id}`)).text());
    expect(page).toContain(`Codes used 6 of ${roads.codes.length + 6}`);
    expect(page).toContain(`Results appear here after`);
    expect(page).not.toContain("Mean WHO-5");
    await runToItsEnd(roads.id);
    page = text(await (await admin.get(`/admin/pulses/${roads.id}`)).text());
    const mean = (scores.reduce((sum, score) => sum + score * 5 * 4, 0) / scores.length).toFixed(1);
    expect(page).toContain(`Mean WHO-5 well-being score ${mean} of 100`);
    expect(page).toContain("Information from partner agencies helped 4.0 of 5");
    // Over: no more answers.
    const late = await answer(roads.codes[0]!);
    expect(late.status).toBe(409);
    expect(text(await late.text())).toContain("That check-in has closed");

    const small = await openCheckIn("demo-team-clinical-hub");
    for (let i = 0; i < K - 1; i += 1) expect((await answer(small.codes[i]!)).status).toBe(302);
    await runToItsEnd(small.id);
    page = text(await (await admin.get(`/admin/pulses/${small.id}`)).text());
    expect(page).toContain(`fewer than ${K} people answered`);
    expect(page).not.toContain("Mean WHO-5");
  });

  test("closing a check-in early withdraws it: it takes no more answers, and no results are ever shown, not even after its end", async () => {
    const pulse = await openCheckIn("demo-team-public-protection");
    for (let i = 0; i < K + 1; i += 1) expect((await answer(pulse.codes[i]!)).status).toBe(302);
    const page = text(await (await admin.get(`/admin/pulses/${pulse.id}`)).text());
    expect(page).toContain("Withdrawing stops the check-in taking answers, and its results are never shown");
    expect((await admin.post(`/admin/pulses/${pulse.id}`, { intent: "withdraw" })).status).toBe(302);
    expect(await sql.value("SELECT COUNT(*) AS n FROM AuditEvent WHERE entityId = ? AND action = 'pulse.withdraw'", pulse.id)).toBe(1);
    const refused = await answer(pulse.codes[K + 1]!);
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("That check-in has closed, so your answers were not saved");
    expect(await responsesOf(pulse.id)).toBe(K + 1);
    expect(await codesUsedOf(pulse.id)).toBe(K + 1);

    await runToItsEnd(pulse.id);
    const after = text(await (await admin.get(`/admin/pulses/${pulse.id}`)).text());
    expect(after).toContain("This check-in was withdrawn before its end");
    expect(after).not.toContain("Mean WHO-5");
    // Nor on the managers' page, once its month is published.
    const month = await publishedAs(pulse.id, "2020-03");
    const rows = await csvOf(`focus=team:demo-team-public-protection&from=${month}&to=${month}`);
    expect(rows[0]!.focus).toBe(await teamName("demo-team-public-protection"));
    expect([undefined, `fewer than ${K}`]).toContain(rows.find((r) => r.measure === "Mean WHO-5")?.value);
  });

  test("a share withheld on the managers' page is shown the same whatever its value: nobody below 50 looks like one below 50", async () => {
    // Two teams, each one colleague and five others who all score 80: the colleague scores 48 in one
    // team and 52 in the other. Before, the second team's share read 0% and the first's "fewer than 5".
    const teams = { "demo-team-eoc": 12, "demo-team-response-south": 13 };
    const month = new Map<string, string>();
    for (const [teamId, colleague] of Object.entries(teams)) {
      const pulse = await openCheckIn(teamId);
      for (let i = 0; i < 5; i += 1) expect((await answer(pulse.codes[i]!, answerOf([4, 4, 4, 4, 4]))).status).toBe(302);
      expect((await answer(pulse.codes[5]!, answerOf([3, 3, 3, 3, colleague - 12]))).status).toBe(302);
      await runToItsEnd(pulse.id);
      month.set(teamId, await publishedAs(pulse.id, teamId === "demo-team-eoc" ? "2020-05" : "2020-07"));
    }
    const figures = new Map<string, Record<string, string>>();
    for (const teamId of Object.keys(teams)) {
      const rows = await csvOf(`focus=team:${teamId}&from=${month.get(teamId)}&to=${month.get(teamId)}`);
      expect(rows[0]!.focus).toBe(await teamName(teamId));
      figures.set(teamId, Object.fromEntries(rows.filter((r) => r.section === "Team pulse").map((r) => [r.measure, r.value])));
    }
    // The check-ins are published (their means are shown); the below-50 shares are withheld alike.
    expect(figures.get("demo-team-eoc")).toEqual({ "Mean WHO-5": "75", "WHO-5 below 50 (%)": `fewer than ${K}` });
    expect(figures.get("demo-team-response-south")).toEqual({ "Mean WHO-5": "75", "WHO-5 below 50 (%)": `fewer than ${K}` });
  });
});

type CsvRow = { section: string; measure: string; focus: string; period: string; value: string };

/**
 * Managers see a month once it is published, and this month is not yet: the check-in's answers are
 * moved to a month before the demo's history, which is then published as a first version.
 */
async function publishedAs(pulseId: string, month: string) {
  await sql.run("UPDATE PulseResponse SET month = ? WHERE pulseId = ?", month, pulseId);
  await publishDueFigures(demo.url);
  return month;
}
async function csvOf(query: string) {
  const response = await manager.get(`/dashboard.csv?${query}`);
  expect(response.status).toBe(200);
  return parse(await response.text(), { columns: true }) as CsvRow[];
}

describe("guessing codes", () => {
  test(`20 wrong codes from one address hold it up for 15 minutes; other addresses are not; nothing about it is stored`, async () => {
    const pulse = await openCheckIn("demo-team-street-triage");
    const countsBefore = await tableCounts();
    const guesser = newAddress();
    for (let i = 0; i < 20; i += 1) {
      const guess = `${"ABCDEFGHJK".slice(i % 10)}${"MNPQRSTUVW".slice(0, i % 10)}`.slice(0, 10);
      const wrong = await new HttpSession(server.url).post("/pulse", { intent: "code", code: guess }, { "X-Forwarded-For": guesser });
      expect(wrong.status).toBe(400);
    }
    const held = await answer(pulse.codes[0]!, ANSWER, { address: guesser });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(text(await held.text())).toMatch(/Too many wrong codes have been tried from this network\. Wait 15 minutes/);
    expect(await tableCounts()).toEqual(countsBefore);
    expect(await sql.value("SELECT COUNT(*) AS n FROM AuditEvent WHERE ipAddress = ?", guesser)).toBe(0);
    // Someone else, elsewhere, answers as usual.
    expect((await answer(pulse.codes[0]!)).status).toBe(302);
  });
});

/** Rows in every table but the audit log (which the server's own daily jobs may write to meanwhile). */
async function tableCounts() {
  const counts: Record<string, number> = {};
  for (const table of (await sql.tables()).filter((t) => t !== "AuditEvent")) counts[table] = await sql.value<number>(`SELECT COUNT(*) FROM "${table}"`);
  return counts;
}

describe("who may", () => {
  test("the check-in admin pages are not open to other roles", async () => {
    const pulseId = String(await sql.value("SELECT id FROM Pulse ORDER BY createdAt DESC LIMIT 1"));
    expect((await manager.post("/admin/pulses", { team: "demo-team-eoc", days: "14" })).status).toBe(403);
    expect((await manager.post(`/admin/pulses/${pulseId}`, { intent: "withdraw" })).status).toBe(403);
    expect((await manager.post(`/admin/pulses/${pulseId}/slips`, {})).status).toBe(403);
  });
});
