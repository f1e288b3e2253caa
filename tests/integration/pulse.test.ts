import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let admin: HttpSession;
let sql: TestSql;
const K = 5;
const text = pageText;

const ANSWER = { who5Item1: "3", who5Item2: "2", who5Item3: "4", who5Item4: "1", who5Item5: "3", informationSharing: "4" };

beforeAll(async () => {
  demo = await demoWithServer("pulse");
  ({ server, sql } = demo);
  admin = new HttpSession(server.url);
  await admin.signIn("admin@demo.test");
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

const responsesOf = (pulseId: string) => sql.value<number>("SELECT COUNT(*) AS n FROM PulseResponse WHERE pulseId = ?", pulseId);

async function openPulse(teamId: string) {
  const response = await admin.post("/admin/pulses", { team: teamId, days: "14" });
  expect(response.status).toBe(302);
  const id = response.headers.get("location")!.split("/").at(-1)!;
  const { code } = (await sql.get("SELECT code FROM Pulse WHERE id = ?", id)) as { code: string };
  return { id, code };
}

/** A fresh device (no cookies) answering the pulse. */
async function answerFromNewDevice(code: string, answer: Record<string, string> = ANSWER) {
  const device = new HttpSession(server.url);
  const response = await device.post(`/pulse/${code}`, answer);
  return { device, response };
}

describe("team pulse", () => {
  let north: { id: string; code: string };

  test("an admin opens a check-in for a team and gets its code and link; it is audited", async () => {
    north = await openPulse("demo-team-response-north");
    const page = text(await (await admin.get(`/admin/pulses/${north.id}`)).text());
    expect(page).toContain(`${north.code.slice(0, 4)} ${north.code.slice(4)}`);
    expect(page).toContain(`/pulse/${north.code}`);
    expect(page).toContain("Answers 0");
    const audit = (await sql.get("SELECT actorUserId FROM AuditEvent WHERE action = 'pulse.open' AND entityId = ?", north.id)) as { actorUserId: string };
    expect(audit.actorUserId).toBe("demo-user-admin");
  });

  test("a team is asked at most once a month: a second check-in is refused beside the team field", async () => {
    const response = await admin.post("/admin/pulses", { team: "demo-team-response-north", days: "14" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(text(html)).toContain("has already been asked this month");
    expect(html).toContain('href="#open-pulse-team"');
  });

  test("staff type the code on the shared page, in any case and with spaces, and reach the questions without signing in", async () => {
    const visitor = new HttpSession(server.url);
    const typed = `${north.code.slice(0, 4).toLowerCase()} ${north.code.slice(4)}`;
    const response = await visitor.post("/pulse", { code: typed });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/pulse/${north.code}`);
    const page = text(await (await visitor.get(`/pulse/${north.code}`)).text());
    expect(page).toContain("I have felt cheerful and in good spirits");
    expect(page).toContain("In the past month, did information from partner agencies help you do your job?");
    const wrong = await visitor.post("/pulse", { code: "ZZZZ2222" });
    expect(wrong.status).toBe(400);
    expect(text(await wrong.text())).toContain("There is no check-in with that code");
  });

  test("an incomplete answer is refused question by question, keeps what was chosen, and saves nothing", async () => {
    const { response } = await answerFromNewDevice(north.code, { who5Item1: "3", who5Item3: "9" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(text(html)).toContain("Choose an answer for “I have felt calm and relaxed”");
    expect(text(html)).toContain("Choose an answer for “I have felt active and vigorous”");
    expect(text(html)).toContain("Choose an answer about information from partner agencies");
    expect(html).toMatch(/href="#pulse-who5Item2"/);
    expect(html).toMatch(/value="3"[^>]*checked|checked[^>]*value="3"/);
    expect(await responsesOf(north.id)).toBe(0);
  });

  test("an answer is saved with no person, no address and only its week; the same device cannot answer twice", async () => {
    const { device, response } = await answerFromNewDevice(north.code);
    expect(response.status).toBe(302);
    expect(text(await (await device.get(response.headers.get("location")!)).text())).toContain("Thank you");
    expect(await responsesOf(north.id)).toBe(1);

    // Every column the table has: nothing else is stored with an answer.
    const saved = (await sql.get("SELECT * FROM PulseResponse WHERE pulseId = ?", north.id)) as Record<string, string | number>;
    expect(Object.keys(saved).sort()).toEqual(
      ["id", "organisationId", "teamId", "pulseId", "week", "month", "who5Item1", "who5Item2", "who5Item3", "who5Item4", "who5Item5", "who5Percent", "informationSharing"].sort(),
    );
    expect(saved.who5Percent).toBe((3 + 2 + 4 + 1 + 3) * 4);
    expect(saved.informationSharing).toBe(4);
    expect(new Date(`${saved.week}T12:00:00Z`).getUTCDay()).toBe(1);
    // Nothing about the visit went into the audit log either.
    expect(await sql.value("SELECT COUNT(*) AS n FROM AuditEvent WHERE entityId = ? AND action != 'pulse.open' AND action != 'view'", north.id)).toBe(0);

    const again = await device.post(`/pulse/${north.code}`, ANSWER);
    expect(again.status).toBe(302);
    expect(text(await (await device.get(`/pulse/${north.code}`)).text())).toContain("You have already answered this check-in");
    expect(await responsesOf(north.id)).toBe(1);
  });

  test("results stay hidden while the check-in is open, and after it closes with fewer than k answers", async () => {
    for (let i = 0; i < K - 2; i += 1) expect((await answerFromNewDevice(north.code)).response.status).toBe(302);
    expect(await responsesOf(north.id)).toBe(K - 1);
    let page = text(await (await admin.get(`/admin/pulses/${north.id}`)).text());
    expect(page).not.toContain("Mean WHO-5");
    expect((await admin.post(`/admin/pulses/${north.id}`, {})).status).toBe(302);
    page = text(await (await admin.get(`/admin/pulses/${north.id}`)).text());
    expect(page).toContain(`fewer than ${K} people answered`);
    expect(page).not.toContain("Mean WHO-5");
  });

  test("a closed check-in takes no more answers", async () => {
    const { response } = await answerFromNewDevice(north.code);
    expect(response.status).toBe(409);
    expect(await responsesOf(north.id)).toBe(K - 1);
    const page = text(await (await new HttpSession(server.url).get(`/pulse/${north.code}`)).text());
    expect(page).toContain("This check-in has closed");
  });

  test("once closed with at least k answers, the admin sees the mean WHO-5 score", async () => {
    const south = await openPulse("demo-team-response-south");
    const scores = ["5", "4", "3", "2", "1", "0"];
    for (const score of scores) {
      const answer = { ...ANSWER, who5Item1: score, who5Item2: score, who5Item3: score, who5Item4: score, who5Item5: score };
      expect((await answerFromNewDevice(south.code, answer)).response.status).toBe(302);
    }
    await admin.post(`/admin/pulses/${south.id}`, {});
    const page = text(await (await admin.get(`/admin/pulses/${south.id}`)).text());
    const mean = (scores.map(Number).reduce((a, b) => a + b * 5 * 4, 0) / scores.length).toFixed(1);
    expect(page).toContain(`Mean WHO-5 well-being score ${mean} of 100`);
    expect(page).toContain("Information from partner agencies helped 4.0 of 5");
  });

  test("the pulse pages are not open to other roles", async () => {
    const manager = new HttpSession(server.url);
    await manager.signIn("manager@demo.test");
    expect((await manager.post("/admin/pulses", { team: "demo-team-eoc", days: "14" })).status).toBe(403);
    expect((await manager.post(`/admin/pulses/${north.id}`, {})).status).toBe(403);
  });
});
