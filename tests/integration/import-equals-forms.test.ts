// The same past records, imported from a file in one copy of the demo and typed into the forms in
// another, give the same team-trends figures.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoDatabase, type TestDatabase } from "../support/engines";
import { HttpSession } from "../support/http";
import { publishDueFigures } from "../support/publication";
import { startServerOn, type RunningServer } from "../support/server";

type Record = { reference: string; team: string; day: number; type: "fatality" | "violence"; agencies: string[]; reached: string; distress: number; contactDistress: number };

const RECORDS: Record[] = Array.from({ length: 12 }, (_, i) => ({
  reference: `EQ-${String(i + 1).padStart(4, "0")}`,
  team: i % 2 === 0 ? "demo-team-response-north" : "demo-team-response-south",
  day: 3 + i,
  type: i % 3 === 0 ? "fatality" : "violence",
  agencies: i % 2 === 0 ? ["police"] : [],
  reached: i % 2 === 0 ? String(1 + (i % 5)) : "",
  distress: 3 + (i % 6),
  contactDistress: 2 + (i % 7),
}));
const TEAM_NAMES: { [id: string]: string } = { "demo-team-response-north": "Response Team North", "demo-team-response-south": "Response Team South" };
const MONTH = "2021-06";

let imported: { db: TestDatabase; server: RunningServer };
let typed: { db: TestDatabase; server: RunningServer };

beforeAll(async () => {
  const start = async (label: string) => {
    const db = await demoDatabase(label);
    return { db, server: await startServerOn(db.url) };
  };
  [imported, typed] = await Promise.all([start("import-equals-forms-file"), start("import-equals-forms-typed")]);
  // Each server publishes due months about five seconds after it starts (nothing is due in the
  // demo's copy): that run is let pass, so the records below are published together afterwards.
  await new Promise((resolve) => setTimeout(resolve, 7_000));
}, 60_000);
afterAll(async () => {
  for (const side of [imported, typed]) {
    await side?.server.stop();
    await side?.db.remove();
  }
});

async function importFile() {
  const admin = new HttpSession(imported.server.url);
  await admin.signIn("admin@demo.test");
  const header = "Staff reference,Team,Exposure date,Incident type,Involvement,Partner agencies,Information reached,Initial distress,First contact type,First contact date,First contact distress,First contact outcome";
  const lines = RECORDS.map((r) =>
    [r.reference, TEAM_NAMES[r.team], `${r.day}/06/2021 10:00`, r.type, "attended", r.agencies.join(";"), r.reached, r.distress, "defusing", `${r.day}/06/2021 15:00`, r.contactDistress, "no further action"].join(","),
  );
  const upload = await admin.upload("/admin/import", "file", "june.csv", [header, ...lines].join("\n"));
  expect(upload.status).toBe(302);
  expect((await admin.post(upload.headers.get("location")!, {})).status).toBe(302);
}

async function typeIntoForms() {
  const supporter = new HttpSession(typed.server.url);
  await supporter.signIn("supporter@demo.test");
  for (const r of RECORDS) {
    const created = await supporter.post("/staff/new", { reference: r.reference, teamId: r.team });
    expect(created.status).toBe(302);
    const staffPath = created.headers.get("location")!;
    const exposure = await supporter.post(`${staffPath}/exposures/new`, {
      idempotencyKey: randomUUID(),
      "occurred.day": String(r.day),
      "occurred.month": "6",
      "occurred.year": "2021",
      "occurred.hour": "10",
      "occurred.minute": "00",
      incidentType: r.type,
      involvement: "attended",
      partnerAgencies: r.agencies,
      informationReached: r.reached || "na",
      initialDistress: String(r.distress),
    });
    expect(exposure.status).toBe(302);
    const exposureId = /exposure=(\d+)|exposures\/(\d+)/.exec(exposure.headers.get("location") ?? "");
    const timeline = await (await supporter.get(staffPath)).text();
    const id = exposureId?.[1] ?? exposureId?.[2] ?? /exposures\/(\d+)/.exec(timeline)?.[1];
    expect(id).toBeTruthy();
    const contact = await supporter.post(`${staffPath}/contacts/new`, {
      idempotencyKey: randomUUID(),
      contactType: "defusing",
      "contacted.day": String(r.day),
      "contacted.month": "6",
      "contacted.year": "2021",
      "contacted.hour": "15",
      "contacted.minute": "00",
      exposureIds: id!,
      format: "individual",
      distress: String(r.contactDistress),
      outcome: "no_further_action",
    });
    expect(contact.status).toBe(302);
  }
}

test("the team-trends figures of imported records equal those of the same records entered through the forms", async () => {
  await Promise.all([importFile(), typeIntoForms()]);
  // Published as the server does (an import also asks for it in the background; the first run wins).
  await Promise.all([publishDueFigures(imported.db.url), publishDueFigures(typed.db.url)]);
  const figures = async (server: RunningServer) => {
    const manager = new HttpSession(server.url);
    await manager.signIn("manager@demo.test");
    const csv = await (await manager.get(`/dashboard.csv?from=${MONTH}&to=${MONTH}`)).text();
    // Follow-ups are scheduled for records typed into the forms, never for history brought in.
    return csv.split("\n").filter((line) => !line.includes("Follow-ups on time"));
  };
  const [fromFile, fromForms] = await Promise.all([figures(imported.server), figures(typed.server)]);
  expect(fromFile).toEqual(fromForms);
  // The comparison says something: the month's exposures are shown, not withheld.
  expect(fromFile.find((line) => line.startsWith(`"Exposures","Exposures",`))).toMatch(/,12,"\d{4}-\d{2}-\d{2}"$/);
}, 120_000);
