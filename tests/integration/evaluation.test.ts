import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let manager: HttpSession;
let researcher: HttpSession;
let admin: HttpSession;
let sql: TestSql;
const EVALUATION = "/initiatives/demo-initiative-street-triage";
const text = pageText;

beforeAll(async () => {
  demo = await demoWithServer("evaluation");
  ({ server, sql } = demo);
  manager = new HttpSession(server.url);
  await manager.signIn("manager@demo.test");
  researcher = new HttpSession(server.url);
  await researcher.signIn("researcher@demo.test");
  admin = new HttpSession(server.url);
  await admin.signIn("admin@demo.test");
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

describe("evaluation page", () => {
  test("a manager sees the verdict, the before/after table and the time series for the covered teams in their remit", async () => {
    const response = await manager.get(EVALUATION);
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toMatch(/What the data says about mean distress at first contact/);
    // The demo plants a fall in distress where the initiative runs; the page finds it.
    expect(page).toMatch(/Mean distress at first contact fell by \d\.\d points in the covered teams/);
    expect(page).toContain("Teams were not chosen for the initiative at random");
    expect(page).toMatch(/Mean distress at first contact( Too many months withheld to estimate without bias)? (–|\d\.\d) (–|\d\.\d)/);
    expect(page).toContain("Covered teams in this evaluation Police Contact Centre, Response Team North, Response Team South");
    // Street Triage Team is covered but not in this manager's remit.
    expect(page).toContain("1 covered team is outside your remit and not included.");
    expect(page).toContain("How people are protected");
  });

  test("when many team-months are withheld to protect people, no estimate is given and the verdict says why", async () => {
    // Before the start, information rarely fully or mostly reached the demo's staff: in most months that figure rests on fewer than 5 people.
    const page = text(await (await manager.get(`${EVALUATION}?measure=information_reached`)).text());
    expect(page).toContain(
      "Not enough data to tell: too many months of the covered teams are withheld to protect people for the share of exposures where information fully or mostly reached staff to be estimated without bias.",
    );
    expect(page).toMatch(/Information fully or mostly reached staff Too many months withheld to estimate without bias – – – – – –/);
    expect(page).toMatch(/\d+ of \d+ team-months of the covered teams/);
  });

  test("a researcher evaluates across the organisation: every covered team large enough is included", async () => {
    const response = await researcher.get(EVALUATION);
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toContain("Covered teams in this evaluation Police Contact Centre, Response Team North, Response Team South, Street Triage Team");
  });

  test("the window and the comparison teams are chosen in the address; bad windows are explained at the field", async () => {
    const response = await manager.get(`${EVALUATION}?compared=1&before=abc&after=6&compare=demo-team-roads-policing`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const page = text(html);
    expect(page).toContain("Enter the months before the start as a number, for example 12");
    expect(html).toContain('href="#before"');
    expect(html).toMatch(/id="before"[^>]*value="abc"/);
    expect(html).toMatch(/id="compare-demo-team-roads-policing"[^>]*checked/);
    expect(html).not.toMatch(/id="compare-demo-team-public-protection"[^>]*checked/);
    expect(page).toMatch(/12 months before the start .* and 6 after/);
  });

  test("a comparison team outside the remit, or an unknown initiative, is not found", async () => {
    expect((await manager.get(`${EVALUATION}?compared=1&compare=demo-team-northgate`)).status).toBe(404);
    expect((await manager.get("/initiatives/no-such-initiative")).status).toBe(404);
  });

  test("a covered team cannot also be its own comparison", async () => {
    const page = text(await (await manager.get(`${EVALUATION}?compared=1&compare=demo-team-response-north`)).text());
    expect(page).toContain("Response Team North cannot be a comparison team");
  });

  test("the page's data carries no staff reference and no record", async () => {
    const response = await manager.get(`${EVALUATION}?_data=routes/initiatives.$initiativeId`);
    expect(response.status).toBe(200);
    const json = await response.text();
    expect(json).not.toMatch(/demo-staff-|staffMemberId|"notes"|exposureId/);
  });

  test("every view is written to the audit log with its choices", async () => {
    await manager.get(`${EVALUATION}?after=9`);
    const row = (await sql.get("SELECT detail FROM AuditEvent WHERE entityType = 'initiative_evaluation' AND entityId = 'demo-initiative-street-triage' ORDER BY id DESC LIMIT 1")) as { detail: string };
    expect(JSON.parse(row.detail)).toMatchObject({ before: 12, after: 9, measure: "distress_first_contact" });
  });
});

describe("initiative register", () => {
  const form = (overrides: Record<string, string | string[]> = {}) => ({
    name: "Safe Haven pilot",
    description: "Evening crisis café run with the voluntary sector.",
    partnerAgencies: ["mental_health", "voluntary"],
    "start.day": "1",
    "start.month": "4",
    "start.year": "2026",
    teams: ["demo-team-response-south"],
    outcomeMeasures: ["distress_first_contact", "information_reached"],
    ...overrides,
  });

  test("bad answers are refused with a message per field, keeping what was typed, and nothing is saved", async () => {
    const before = ((await sql.get("SELECT COUNT(*) AS n FROM Initiative")) as { n: number }).n;
    const response = await manager.post("/initiatives/new", form({ name: "", "start.day": "31", "start.month": "2", teams: ["demo-team-northgate"] }));
    expect(response.status).toBe(400);
    const html = await response.text();
    const page = text(html);
    expect(page).toContain("There is a problem");
    expect(page).toContain("Enter the initiative's name");
    expect(page).toContain("The start date must be a real date");
    expect(page).toContain("Choose teams from the list");
    expect(html).toContain("Evening crisis café run with the voluntary sector.");
    expect(((await sql.get("SELECT COUNT(*) AS n FROM Initiative")) as { n: number }).n).toBe(before);
  });

  test("a manager adds an initiative for their remit; it is listed and audited; the same name twice is refused", async () => {
    const response = await manager.post("/initiatives/new", form());
    expect(response.status).toBe(302);
    const saved = (await sql.get("SELECT id, startDate, outcomeMeasures FROM Initiative WHERE name = 'Safe Haven pilot'")) as { id: string; outcomeMeasures: string };
    expect(JSON.parse(saved.outcomeMeasures)).toEqual(["distress_first_contact", "information_reached"]);
    expect((await sql.all("SELECT teamId FROM InitiativeTeam WHERE initiativeId = ?", saved.id))).toEqual([{ teamId: "demo-team-response-south" }]);
    expect((await sql.get("SELECT COUNT(*) AS n FROM AuditEvent WHERE action = 'initiative.create' AND entityId = ?", saved.id))).toEqual({ n: 1 });
    const list = text(await (await manager.get("/initiatives")).text());
    expect(list).toContain("Safe Haven pilot");
    const again = await manager.post("/initiatives/new", form());
    expect(again.status).toBe(400);
    expect(text(await again.text())).toContain("There is already an initiative with this name");
  });

  test("a manager's change keeps the covered teams outside their remit", async () => {
    const response = await manager.post(
      "/initiatives/demo-initiative-street-triage/edit",
      form({ name: "Street triage: police with mental-health nurses", teams: ["demo-team-response-north"] }),
    );
    expect(response.status).toBe(302);
    const teams = ((await sql.all("SELECT teamId FROM InitiativeTeam WHERE initiativeId = 'demo-initiative-street-triage' ORDER BY teamId")) as { teamId: string }[]).map((t) => t.teamId);
    expect(teams).toEqual(["demo-team-response-north", "demo-team-street-triage"]);
  });

  test("an admin may choose any team; a researcher reads the register but cannot change it", async () => {
    const page = text(await (await admin.get("/initiatives/new")).text());
    expect(page).toContain("Northgate Ambulance Station");
    expect((await researcher.get("/initiatives")).status).toBe(200);
    expect((await researcher.get("/initiatives/new")).status).toBe(403);
    expect((await researcher.post("/initiatives/new", form({ name: "Researcher's scheme" }))).status).toBe(403);
  });
});
