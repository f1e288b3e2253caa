import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let police: HttpSession;
let ambulance: HttpSession;
let sql: TestSql;
const K = 5;

beforeAll(async () => {
  demo = await demoWithServer("dashboard");
  ({ server, sql } = demo);
  police = new HttpSession(server.url);
  await police.signIn("manager@demo.test");
  ambulance = new HttpSession(server.url);
  await ambulance.signIn("m.hughes@demo.test");
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

/** The latest month published (the demo's are published with it, up to the last month that has settled). */
const lastMonth = () => sql.value<string>("SELECT MAX(month) AS m FROM PublishedMonth");
type CsvRow = { section: string; measure: string; focus: string; period: string; value: string };
const csvOf = async (session: HttpSession, query: string) => {
  const response = await session.get(`/dashboard.csv?${query}`);
  expect(response.status).toBe(200);
  return parse(await response.text(), { columns: true }) as CsvRow[];
};

describe("remit", () => {
  test("a manager sees their remit; a team or service outside it in the address is not found", async () => {
    const page = await police.get("/dashboard");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Team trends");
    expect(html).toContain("Response Team North");
    expect(html).not.toContain("Northgate Ambulance Station");
    expect((await police.get("/dashboard?focus=team:demo-team-northgate")).status).toBe(404);
    expect((await police.get("/dashboard?focus=service:demo-service-ambulance")).status).toBe(404);
    expect((await police.get("/dashboard.csv?focus=team:demo-team-northgate")).status).toBe(404);
  });

  test("a small team inside the remit is refused with a plain message, and the whole remit is shown", async () => {
    const page = await ambulance.get("/dashboard?focus=team:demo-team-hart");
    expect(page.status).toBe(200);
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("That choice is not available: it would describe fewer than 5 people");
    expect(html).toContain("All teams in your remit");
  });

  test("other roles cannot open the dashboard or its download", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    expect((await supporter.get("/dashboard.csv")).status).toBe(403);
  });
});

describe("what leaves the server", () => {
  test("the page carries no records and no staff references, only figures", async () => {
    const html = await (await police.get("/dashboard")).text();
    const references = (await sql.all("SELECT reference, id FROM StaffMember")) as { reference: string; id: string }[];
    expect(references.length).toBeGreaterThan(100);
    for (const { reference, id } of references) {
      expect(html).not.toContain(`"${reference}"`);
      expect(html).not.toContain(id);
    }
    for (const field of ["staffMemberId", "occurredAt", "notesEncrypted", "reference"]) expect(html).not.toContain(field);
  });

  test("the CSV never shows a count below k: a withheld figure is written as “fewer than 5”", async () => {
    const rows = await csvOf(police, "");
    expect(rows.length).toBeGreaterThan(100);
    const counts = rows.filter((r) => r.measure === "Exposures" || r.measure.startsWith("Exposures: ") || r.measure === "Exposures with a barrier reported");
    expect(counts.length).toBeGreaterThan(50);
    for (const row of counts) {
      if (row.value === `fewer than ${K}`) continue;
      const value = Number(row.value);
      expect(value === 0 || value >= K, `${row.measure} ${row.period} = ${row.value}`).toBe(true);
    }
    expect(rows.some((r) => r.value === `fewer than ${K}`)).toBe(true);
    // The remit's monthly totals are large enough to be shown.
    const totals = rows.filter((r) => r.measure === "Exposures");
    expect(totals.every((r) => Number(r.value) >= K)).toBe(true);
    const month = await lastMonth();
    const exposures = await sql.value<number>(
      `SELECT COUNT(*) AS n FROM Exposure WHERE deletedAt IS NULL AND occurredMonth = ? AND teamId IN (SELECT teamId FROM ManagerRemit WHERE userId = 'demo-user-manager')`,
      month,
    );
    expect(Number(totals.find((r) => r.period === month)!.value)).toBe(exposures);
  });

  test("two periods a month apart agree on every month they share, so comparing them shows only the new month", async () => {
    const [shorter, longer] = await Promise.all([csvOf(police, "from=2026-01&to=2026-05"), csvOf(police, "from=2026-01&to=2026-06")]);
    const monthly = (rows: CsvRow[]) => rows.filter((r) => /^\d{4}-\d{2}$/.test(r.period) && r.period <= "2026-05");
    expect(monthly(longer)).toEqual(monthly(shorter));
  });

  test("every view and download is in the audit log with its filters", async () => {
    await police.get("/dashboard?focus=service:demo-service-police&from=2026-02&to=2026-04");
    await police.get("/dashboard.csv?focus=service:demo-service-police&from=2026-02&to=2026-04");
    const events = (await sql.all("SELECT action, detail FROM AuditEvent WHERE entityType = 'dashboard' AND actorUserId = 'demo-user-manager' ORDER BY id DESC LIMIT 2")) as { action: string; detail: string }[];
    expect(events.map((e) => e.action)).toEqual(["download", "view"]);
    for (const event of events) expect(JSON.parse(event.detail)).toMatchObject({ focus: "service:demo-service-police", from: "2026-02", to: "2026-04" });
  });
});

describe("filters", () => {
  test("a badly written month is named in the error summary and next to the field, with what was typed kept", async () => {
    const html = await (await police.get("/dashboard?from=Feb&to=2026-04")).text();
    expect(html).toContain("There is a problem with the period");
    expect(html).toContain('href="#from"');
    expect(html).toContain('id="from-error"');
    expect(html).toMatch(/value="Feb"/);
  });
});

describe("charts and tables a board can read", () => {
  test("each chart has its axis titled, at most five series, a sentence on its latest figures, and a table that scrolls in its own focusable box", async () => {
    const html = (await (await police.get("/dashboard")).text()).replaceAll("<!-- -->", "");
    const figures = [...html.matchAll(/<figure class="trend-chart"[^>]*data-chart="([^"]*)"[\s\S]*?<\/figure>/g)];
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const [figure, encoded] of figures) {
      const chart = JSON.parse(encoded!.replaceAll("&quot;", '"').replaceAll("&amp;", "&")) as { yTitle: string; series: unknown[] };
      const title = /<h3[^>]*>([^<]*)<\/h3>/.exec(figure)![1];
      expect(chart.yTitle, title).toMatch(/\S/);
      expect(chart.series.length, title).toBeLessThanOrEqual(5);
      expect(figure, title).toMatch(/<p class="govuk-body-s" id="[^"]*-summary">[^<]*: [^<]*\.<\/p>/);
      expect(figure, title).toMatch(/<div id="[^"]*-table" class="trend-chart__table" data-open="true" role="region" aria-labelledby="[^"]*" tabindex="0">/);
    }
    // The incident types: the four most frequent and all others together, every type in the table.
    const types = figures.find(([figure]) => figure.includes("Exposures by incident type"))![0];
    expect(types).toContain("All other types");
  });

  test("a withheld figure reads “withheld” in every table, linked to why, never “fewer than 5” in a column of percentages or medians", async () => {
    const html = (await (await ambulance.get("/dashboard")).text()).replaceAll("<!-- -->", "");
    const cells = [...html.matchAll(/<td class="govuk-table__cell govuk-table__cell--numeric" data-value="">([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    expect(cells.length, "the ambulance remit has withheld figures").toBeGreaterThan(0);
    for (const cell of cells) expect(cell).toBe('<a class="govuk-link" href="#why-withheld">withheld</a>');
    expect(html).toMatch(/<p class="govuk-body" id="why-withheld">[^<]*fewer than 5 people is never shown/);
    expect(html).not.toMatch(/<td[^>]*>fewer than/);
  });
});
