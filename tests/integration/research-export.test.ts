import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { COUNT_COLUMNS, EXPORT_COLUMNS } from "~/domain/research-export";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let researcher: HttpSession;
let sql: TestSql;
let rows: Record<string, string>[];
let header: string[];
const K = 5;
const PERIOD = { from: "2025-09", to: "2026-08" };
const query = new URLSearchParams(PERIOD).toString();

beforeAll(async () => {
  demo = await demoWithServer("research-export");
  ({ server, sql } = demo);
  researcher = new HttpSession(server.url);
  await researcher.signIn("researcher@demo.test");
  const response = await researcher.get(`/research/export.csv?${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
  const text = await response.text();
  header = (parse(text, { to_line: 1 }) as string[][])[0]!;
  rows = parse(text, { columns: true });
}, 120_000);
afterAll(async () => {
  await demo?.stop();
});

/** Distinct staff behind a team's or service's exposures in a month, straight from the database. */
async function staffBehind(level: string, name: string, month: string) {
  const where = level === "team" ? "t.name = ?" : level === "service" ? "s.name = ?" : "CAST(? AS TEXT) IS NOT NULL";
  return sql.value<number>(
    `SELECT COUNT(DISTINCT e.staffMemberId) AS n FROM Exposure e JOIN Team t ON t.id = e.teamId JOIN Service s ON s.id = t.serviceId
     WHERE e.deletedAt IS NULL AND e.occurredMonth = ? AND ${where}`,
    month,
    name,
  );
}

describe("research export", () => {
  test("has exactly the documented columns: no staff reference, free text or date finer than a month", async () => {
    expect(header).toEqual(EXPORT_COLUMNS);
    expect(rows.length).toBeGreaterThan(12);
    for (const row of rows) expect(row.month).toMatch(/^\d{4}-\d{2}$/);
    const months = new Set(rows.map((r) => r.month));
    expect([...months].sort()).toEqual(["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"]);
    const references = (await sql.all("SELECT reference FROM StaffMember")) as { reference: string }[];
    const everything = rows.flatMap((r) => Object.values(r)).join("|");
    for (const { reference } of references) expect(everything).not.toContain(reference);
  });

  test("every count is 0, withheld, or a multiple of 5 of at least 10 (the NHS small-number rule)", () => {
    let shown = 0;
    for (const row of rows) {
      for (const column of COUNT_COLUMNS) {
        const value = row[column.name]!;
        expect(value === "0" || value === "*" || (/^\d+$/.test(value) && Number(value) % 5 === 0 && Number(value) >= 10), `${column.name}=${value}`).toBe(true);
        if (/^\d+$/.test(value) && value !== "0") shown += 1;
      }
    }
    expect(shown).toBeGreaterThan(100);
  });

  test("no shown exposure count rests on fewer than k people", async () => {
    for (const row of rows) {
      if (row.exposures === "*" || row.exposures === "0") continue;
      expect(await staffBehind(row.level!, row.team || row.service || "all", row.month!), `${row.level} ${row.team || row.service} ${row.month}`).toBeGreaterThanOrEqual(K);
    }
  });

  test("a figure about fewer than k people cannot be worked out from its row: its complement is withheld too", async () => {
    // People with and without a support contact within 72 hours, per team and month, from the raw rows.
    const split = (await sql.all(`WITH x AS (
           SELECT e.staffMemberId AS staff, e.occurredMonth AS month, t.name AS team,
             CASE WHEN (SELECT MIN(julianday(c.contactedAt)) FROM SupportContactExposure l JOIN SupportContact c ON c.id = l.supportContactId
               WHERE l.exposureId = e.id AND c.deletedAt IS NULL) - julianday(e.occurredAt) <= 3 THEN 1 ELSE 0 END AS within72
           FROM Exposure e JOIN Team t ON t.id = e.teamId WHERE e.deletedAt IS NULL AND e.occurredMonth BETWEEN ? AND ?)
         SELECT month, team, COUNT(DISTINCT CASE WHEN within72 = 1 THEN staff END) AS yes, COUNT(DISTINCT CASE WHEN within72 = 0 THEN staff END) AS no
         FROM x GROUP BY month, team`, PERIOD.from, PERIOD.to)) as { month: string; team: string; yes: number; no: number }[];
    const small = (people: number) => people > 0 && people < K;
    let checked = 0;
    for (const row of rows.filter((r) => r.level === "team" && r.exposures !== "*")) {
      // A team with no exposure that month has no row in the split: nobody either way.
      const people = split.find((s) => s.month === row.month && s.team === row.team) ?? { yes: 0, no: 0 };
      if (!small(people.yes) && !small(people.no)) continue;
      checked += 1;
      expect([row.exposures_support_within_72h, row.exposures_no_support_within_72h], `${row.team} ${row.month}`).toEqual(["*", "*"]);
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("the mean distress is given only where its count is", () => {
    for (const row of rows) {
      if (row.exposures_distress_recorded === "*") expect(row.mean_distress_first_contact).toBe("*");
      else if (row.exposures_distress_recorded === "0") expect(row.mean_distress_first_contact).toBe("");
      else expect(row.mean_distress_first_contact).toMatch(/^\d+\.\d$/);
    }
  });

  test("teams too small to be shown on their own appear only inside their service", () => {
    const teams = new Set(rows.filter((r) => r.level === "team").map((r) => r.team));
    expect(teams).not.toContain("Hazardous Area Response Team");
    expect(teams).toContain("Response Team North");
    expect(rows.filter((r) => r.level === "organisation")).toHaveLength(12);
  });

  test("each export is written to the audit log with its period", async () => {
    const before = await sql.value<number>("SELECT COUNT(*) AS n FROM AuditEvent WHERE entityType = 'research_export'");
    expect(before).toBeGreaterThanOrEqual(1);
    await (await researcher.get(`/research/export.csv?from=2026-01&to=2026-03`)).text();
    const last = (await sql.get("SELECT action, actorUserId, detail FROM AuditEvent WHERE entityType = 'research_export' ORDER BY id DESC LIMIT 1")) as {
      action: string;
      actorUserId: string;
      detail: string;
    };
    expect(last.action).toBe("download");
    expect(last.actorUserId).toBe("demo-user-researcher");
    expect(JSON.parse(last.detail)).toMatchObject({ from: "2026-01", to: "2026-03", format: "csv" });
  });

  test("a bad period goes back to the form with the message beside the field", async () => {
    const response = await researcher.get("/research/export.csv?from=2026-13&to=2026-03");
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/research\?from=2026-13/);
    const page = await (await researcher.get(location)).text();
    expect(page).toContain("Enter the first month as a year and month, for example 2026-01");
    expect(page).toContain('href="#from"');
    expect(page).toContain('value="2026-13"');
  });

  test("the data dictionary documents every column", async () => {
    const response = await researcher.get(`/research/data-dictionary.md?${query}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const column of EXPORT_COLUMNS) expect(text).toContain(`\`${column}\``);
  });

  test("the dictionary is downloaded with the period chosen in the form, not the one the page opened with, and the page says what is published next", async () => {
    const page = (await (await researcher.get("/research")).text()).replace(/\s+/g, " ");
    // Both downloads are buttons of the one GET form holding the period, so each sends what is typed in it.
    const form = /<form[^>]*action="\/research\/export\.csv"[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? "";
    expect(form).toMatch(/name="from"/);
    expect(form).toMatch(/<button[^>]*formAction="\/research\/data-dictionary\.md"|<button[^>]*formaction="\/research\/data-dictionary\.md"/);
    expect(page).toMatch(/The latest month published is [A-Z][a-z]{2} \d{4}; [A-Z][a-z]{2} \d{4} is published on \d{1,2} [A-Z][a-z]+ \d{4}\./);
  });

  test("only researchers may export", async () => {
    for (const email of ["manager@demo.test", "supporter@demo.test", "admin@demo.test"]) {
      const other = new HttpSession(server.url);
      await other.signIn(email);
      expect((await other.get(`/research/export.csv?${query}`)).status, email).toBe(403);
      expect((await other.get(`/research/data-dictionary.md?${query}`)).status, email).toBe(403);
    }
  });
});
