import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import { projectRoot, tsxBin } from "../support/paths";
import type { RunningServer } from "../support/server";
import { holdWrites, type TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let admin: HttpSession;
let sql: TestSql;
const text = pageText;
const count = (query: string, ...params: unknown[]) => sql.value<number>(query, ...params);

const HEADER = "Staff reference,Team,Exposure date,Incident type,Involvement,Partner agencies,Information reached,Barriers,Initiative,Initial distress,First contact type,First contact date,First contact distress,First contact outcome";
const ROWS = [
  'IMP-0001,Response Team North,14/03/2021,"Fatality, including suicide",attended,"Police; Mental-health services",,,,7,defusing,14/03/2021 20:00,6,no further action',
  "IMP-0002,Response Team North,2021-03-15,violence,Attended in person,Police,2,Systems don't connect,,5,,,,",
  "IMP-0003,Response Team South,16/03/2021 09:30,distressing_call,remote,,,,,3,,,,",
];
const file = (rows: string[]) => `\uFEFF${HEADER}\r\n${rows.join("\r\n")}\r\n`;

beforeAll(async () => {
  demo = await demoWithServer("import");
  ({ server, sql } = demo);
  admin = new HttpSession(server.url);
  await admin.signIn("admin@demo.test");
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

/** Uploads a file; returns the check page's address and its text. */
async function upload(content: string, name = "history.csv") {
  const response = await admin.upload("/admin/import", "file", name, content);
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/^\/admin\/import\/[^/]+$/);
  return { location, page: text(await (await admin.get(location)).text()) };
}

const imported = () => count("SELECT count(*) n FROM Exposure WHERE importBatchId IS NOT NULL");

describe("importing past records", () => {
  let batchId = "";

  test("the check shows how each column was understood and what would happen, and saves nothing", async () => {
    const { page } = await upload(file(ROWS));
    expect(page).toContain("Staff reference Staff reference");
    expect(page).toContain("First contact outcome First contact outcome");
    expect(page).toContain("3 rows would be imported, adding 3 staff references not yet in Debrief");
    expect(page).toContain("0 rows are rejected");
    expect(await imported()).toBe(0);
    expect(await count("SELECT count(*) n FROM StaffMember WHERE reference LIKE 'IMP-%'")).toBe(0);
  });

  test("a valid file imports exactly its rows, in one import that is audited", async () => {
    const { location } = await upload(file(ROWS));
    const response = await admin.post(location, {});
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/admin\/import\?imported=/);
    batchId = decodeURIComponent(response.headers.get("location")!.split("=")[1]!);
    expect(await imported()).toBe(3);
    const listed = async (table: string, column: string) => {
      const values = new Map<number, string[]>();
      for (const row of await sql.all<{ exposureId: number; value: string }>(`SELECT exposureId, ${column} AS value FROM ${table}`)) {
        values.set(row.exposureId, [...(values.get(row.exposureId) ?? []), row.value]);
      }
      return (id: number) => values.get(id)?.sort().join(",") ?? null;
    };
    const [agenciesOf, barriersOf] = [await listed("ExposurePartnerAgency", "agency"), await listed("ExposureBarrier", "barrier")];
    const rows = (
      await sql.all<{ id: number }>(
        `SELECT e.id, s.reference, e.teamId, e.occurredMonth, e.incidentType, e.involvement, e.informationReached, e.initialDistress
         FROM Exposure e JOIN StaffMember s ON s.id = e.staffMemberId WHERE e.importBatchId = ? ORDER BY s.reference`,
        batchId,
      )
    ).map(({ id, ...row }) => ({ ...row, agencies: agenciesOf(id), barriers: barriersOf(id) }));
    expect(rows).toEqual([
      { reference: "IMP-0001", teamId: "demo-team-response-north", occurredMonth: "2021-03", incidentType: "fatality", involvement: "attended", informationReached: null, initialDistress: 7, agencies: "mental_health,police", barriers: null },
      { reference: "IMP-0002", teamId: "demo-team-response-north", occurredMonth: "2021-03", incidentType: "violence", involvement: "attended", informationReached: 2, initialDistress: 5, agencies: "police", barriers: "systems_disconnected" },
      { reference: "IMP-0003", teamId: "demo-team-response-south", occurredMonth: "2021-03", incidentType: "distressing_call", involvement: "remote", informationReached: null, initialDistress: 3, agencies: null, barriers: null },
    ]);
    expect(await count("SELECT count(*) n FROM SupportContact c JOIN SupportContactExposure l ON l.supportContactId = c.id WHERE c.importBatchId = ? AND c.distress = 6", batchId)).toBe(1);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'import.run' AND entityId = ? AND actorUserId = 'demo-user-admin'", batchId)).toBe(1);
    expect(text(await (await admin.get("/admin/import")).text())).toContain("history.csv");
  });

  test("re-importing the same file adds nothing", async () => {
    const { location, page } = await upload(file(ROWS));
    expect(page).toContain("0 rows would be imported");
    expect(page).toContain("3 rows are already in Debrief, and would be skipped");
    const response = await admin.post(location, {});
    expect(response.status).toBe(400);
    expect(text(await response.text())).toContain("There are no new rows to import");
    expect(await imported()).toBe(3);
  });

  test("a file with one bad row imports nothing, names the line and says why, unless the admin imports the valid rows only", async () => {
    const rows = ["IMP-0010,Response Team North,01/04/2021,other,attended,,,,,4,,,,", "IMP-0011,Response Team North,31/02/2021,other,attended,,,,,11,,,,"];
    const { location, page } = await upload(file(rows));
    expect(page).toContain("1 row is rejected");
    expect(page).toMatch(/Line Why 3 Exposure date: The date must be a real date\. Initial distress: Choose how distressed they felt/);
    const refused = await admin.post(location, {});
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain("1 row is rejected: correct it, or choose to import the valid rows only");
    expect(await imported()).toBe(3);
    const partial = await admin.post(location, { validOnly: "yes" });
    expect(partial.status).toBe(302);
    expect(await imported()).toBe(4);
    expect(await count("SELECT count(*) n FROM StaffMember WHERE reference = 'IMP-0011'")).toBe(0);
  });

  test("names Debrief does not know are listed for mapping, and nothing imports until each is chosen", async () => {
    const rows = ["IMP-0020,Resp North,02/04/2021,Suicide,attended,,,,Old Triage Pilot,6,,,,"];
    const { location, page } = await upload(file(rows));
    expect(page).toContain("Team “Resp North” in the file");
    expect(page).toContain("Incident type “Suicide” in the file");
    expect(page).toContain("Initiative “Old Triage Pilot” in the file");
    expect(page).toContain("3 names still need a choice above");
    expect((await admin.post(location, {})).status).toBe(400);
    const choices = { "team:Resp North": "demo-team-response-north", "incidentType:Suicide": "fatality", "initiative:Old Triage Pilot": "none" };
    const checked = text(await (await admin.get(`${location}?${new URLSearchParams(choices)}`)).text());
    expect(checked).toContain("1 row would be imported");
    expect(checked).not.toContain("names still need a choice");
    expect((await admin.post(location, choices)).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Exposure e JOIN StaffMember s ON s.id = e.staffMemberId WHERE s.reference = 'IMP-0020' AND e.incidentType = 'fatality' AND e.teamId = 'demo-team-response-north' AND e.initiativeId IS NULL")).toBe(1);
  });

  test("identical rows are each a record, listed by line; importing the file again adds none; or, if chosen, one record", async () => {
    const twin = "IMP-0050,Response Team North,06/04/2021,other,attended,,,,,4,,,,";
    const rows = [twin, twin, "IMP-0051,Response Team North,06/04/2021,other,attended,,,,,4,,,,"];
    const { location, page } = await upload(file(rows));
    expect(page).toContain("lines 2 and 3 are identical: imported as 2 records");
    expect(page).toContain("3 rows would be imported");
    expect((await admin.post(location, {})).status).toBe(302);
    const twins = () => count("SELECT count(*) n FROM Exposure e JOIN StaffMember s ON s.id = e.staffMemberId WHERE s.reference = 'IMP-0050'");
    expect(await twins()).toBe(2);
    const again = await upload(file(rows));
    expect(again.page).toContain("0 rows would be imported");
    expect(await twins()).toBe(2);

    // A file that repeats a row by mistake: the admin says so, and it is imported once.
    const repeated = "IMP-0052,Response Team North,07/04/2021,other,attended,,,,,4,,,,";
    const mistaken = await upload(file([repeated, repeated, repeated]));
    expect(mistaken.page).toContain("lines 2, 3 and 4 are identical: imported as 3 records");
    const asOne = text(await (await admin.get(`${mistaken.location}?identical=one`)).text());
    expect(asOne).toContain("lines 2, 3 and 4 are identical: imported as one record");
    expect(asOne).toContain("1 row would be imported");
    expect((await admin.post(mistaken.location, { identical: "one" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Exposure e JOIN StaffMember s ON s.id = e.staffMemberId WHERE s.reference = 'IMP-0052'")).toBe(1);
    // The same file again: as the earlier import chose, so it adds nothing, unless the admin now says otherwise.
    const reloaded = await upload(file([repeated, repeated, repeated]));
    expect(reloaded.page).toContain("lines 2, 3 and 4 are identical: imported as one record");
    expect(reloaded.page).toContain("An earlier import of these rows took each set as one record");
    expect(reloaded.page).toContain("0 rows would be imported");
    expect((await admin.post(reloaded.location, {})).status).toBe(400);
    const separate = text(await (await admin.get(`${reloaded.location}?identical=separate`)).text());
    expect(separate).toContain("2 rows would be imported");
  });

  test("the mapping screen adds a missing service, and the file's unknown team becomes a new team in it", async () => {
    const rows = ["IMP-0060,Blue Watch,08/04/2021,other,attended,,,,,4,,,,"];
    const { location, page } = await upload(file(rows));
    expect(page).toContain("Team “Blue Watch” in the file");
    expect(page).not.toContain("as a new team in Fire and Rescue Operations");
    const bad = await admin.post(location, { intent: "service", serviceName: "", serviceKind: "fire" });
    expect(bad.status).toBe(400);
    expect(text(await bad.text())).toContain("Enter the service's name");
    const added = await admin.post(location, { intent: "service", serviceName: "Fire and Rescue Operations", serviceKind: "fire" });
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe(location);
    const service = await sql.get<{ id: string; kind: string }>("SELECT id, kind FROM Service WHERE name = 'Fire and Rescue Operations'");
    expect(service?.kind).toBe("fire");
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'service.create' AND entityId = ?", service!.id)).toBe(1);
    expect(text(await (await admin.get(location)).text())).toContain("Create “Blue Watch” as a new team in Fire and Rescue Operations");
    expect((await admin.post(location, { "team:Blue Watch": `new:${service!.id}` })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Team t JOIN Exposure e ON e.teamId = t.id WHERE t.name = 'Blue Watch' AND t.serviceId = ?", service!.id)).toBe(1);
  });

  test("notes are screened for identifiers as in the forms", async () => {
    const { page } = await upload(`Staff reference,Team,Exposure date,Incident type,Involvement,Initial distress,Notes\nIMP-0030,Response Team North,03/04/2021,other,attended,4,Caller's NHS number 943 476 5919\n`);
    expect(page).toContain("1 row is rejected");
    expect(page).toMatch(/Line Why 2 Notes: /);
  });

  test("a file without the required columns, or not CSV, is refused with the reason", async () => {
    expect((await upload("Name,Date\nA,1\n")).page).toContain("The file has no “Staff reference” column");
    const binary = await admin.upload("/admin/import", "file", "x.csv", new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    expect(binary.status).toBe(400);
    expect(text(await binary.text())).toContain("save it as “CSV UTF-8”");
    // UTF-8, but with a null character no spreadsheet writes into a CSV file.
    const withNul = await admin.upload("/admin/import", "file", "x.csv", `${HEADER}\r\nIMP-0040\u0000,Response Team North,03/04/2021,other,attended,,,,,4,,,,\r\n`);
    expect(withNul.status).toBe(400);
    expect(text(await withNul.text())).toContain("The file holds a null character, so it is not a CSV file");
  });

  test("undo removes exactly what one import brought in, and is audited", async () => {
    const before = await count("SELECT count(*) n FROM Exposure");
    const staffBefore = await count("SELECT count(*) n FROM StaffMember");
    const response = await admin.post("/admin/import", { batchId });
    expect(response.status).toBe(302);
    expect(await count("SELECT count(*) n FROM Exposure")).toBe(before - 3);
    expect(await count("SELECT count(*) n FROM SupportContact WHERE importBatchId = ?", batchId)).toBe(0);
    expect(await count("SELECT count(*) n FROM StaffMember")).toBe(staffBefore - 3);
    // The other imports stay.
    expect(await count("SELECT count(*) n FROM Exposure e JOIN StaffMember s ON s.id = e.staffMemberId WHERE s.reference IN ('IMP-0010', 'IMP-0020')")).toBe(2);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'import.undo' AND entityId = ?", batchId)).toBe(1);
    expect((await admin.post("/admin/import", { batchId })).status).toBe(404);
  });

  test("the command does the same: a dry run changes nothing, then the import", async () => {
    const csv = path.join(os.tmpdir(), `debrief-import-${process.pid}.csv`);
    writeFileSync(csv, "Staff reference,Team,Exposure date,Incident type,Involvement,Initial distress\nCLI-0001,Resp North,05/05/2021,other,attended,4\nCLI-0001,Resp North,05/05/2021,other,attended,4\n");
    const run = (...args: string[]) => promisify(execFile)(tsxBin, ["server/cli/import.ts", csv, ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: demo.url } });
    const dry = await run("--dry-run");
    expect(dry.stdout).toContain('team "Resp North": not known; map it with --map "team:Resp North=<choice>"');
    expect(dry.stdout).toContain("lines 2 and 3 are identical: imported as 2 records (--identical-as-one imports them once)");
    expect(dry.stdout).toContain("Dry run: nothing was changed.");
    await expect(run()).rejects.toMatchObject({ stderr: expect.stringContaining("nothing was imported: Choose what each name in the file stands for") });
    expect(await count("SELECT count(*) n FROM StaffMember WHERE reference = 'CLI-0001'")).toBe(0);
    const done = await run("--map", "team:Resp North=demo-team-response-north", "--identical-as-one");
    expect(done.stdout).toContain("lines 2 and 3 are identical: imported as one record");
    expect(done.stdout).toMatch(/Imported 1 row \(import \w+/);
    expect(await count("SELECT count(*) n FROM Exposure e JOIN StaffMember s ON s.id = e.staffMemberId WHERE s.reference = 'CLI-0001' AND e.teamId = 'demo-team-response-north'")).toBe(1);
    const again = await run("--map", "team:Resp North=demo-team-response-north", "--dry-run");
    expect(again.stdout).toContain("lines 2 and 3 are identical: imported as one record (as an earlier import of them did; --identical-separate imports each)");
    expect(again.stdout).toContain("0 to import");
  });

  test("a large file: the import runs on in the server and its page shows how far it has got, then the result", async () => {
    const rows = Array.from({ length: 8000 }, (_, i) => `BIG-${String(i).padStart(5, "0")},Response Team North,${(i % 28) + 1}/02/2022,distressing_call,remote,,,,,${i % 11},defusing,${(i % 28) + 1}/02/2022 20:00,${i % 11},no further action`);
    const { location } = await upload(file(rows), "big.csv");
    // Another program holds up writes for 3 s, so the import is sure to be still running when its page is first shown, on any machine.
    const release = await holdWrites(demo.url, ["StaffMember"]);
    setTimeout(() => void release(), 3000);
    const started = await admin.post(location, {});
    expect(started.status).toBe(302);
    expect(started.headers.get("location")).toBe(location);
    const progress = await admin.get(location);
    expect(progress.status).toBe(200);
    const html = await progress.text();
    // First every row is checked as the forms would, then the rows are written, with a count.
    expect(pageText(html)).toMatch(/Importing big\.csv (Checking every row as the forms would|Writing the rows): ([\d,]+ of 8,000 \(\d+%\)|starting)/);
    expect(html).toContain('<progress id="import-progress"');
    // Without JavaScript the page refreshes itself.
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="2"/></noscript>');

    let answer = progress;
    const deadline = Date.now() + 90_000;
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      answer = await admin.get(location);
    }
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toMatch(/^\/admin\/import\?imported=/);
    expect(await count("SELECT count(*) n FROM StaffMember WHERE reference LIKE 'BIG-%'")).toBe(8000);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'import.run' AND detail LIKE '%big.csv%'")).toBe(1);
  }, 120_000);

  test("only admins may import", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    expect((await supporter.upload("/admin/import", "file", "x.csv", file(ROWS))).status).toBe(403);
  });
});
