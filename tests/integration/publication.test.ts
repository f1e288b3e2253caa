// Figures are published, not computed on a visit (docs/decisions/0005-published-figures.md): the
// attack of issue 27 (download, a colleague's debrief is logged, download again) learns nothing,
// whichever page, download or role is used, and the server publishes in the background.
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { monthIndex, monthOf } from "~/domain/dashboard-filters";
import { lastPublishableMonth, longDay, publicationDay } from "~/domain/publication";
import { demoDatabase, demoWithServer, emptyDatabase, type DemoWithServer } from "../support/engines";
import { runScript } from "../support/cli";
import { publishDueFigures } from "../support/publication";
import { startServerOn } from "../support/server";
import { HttpSession } from "../support/http";
import { openSql } from "../support/sql";
import { exposureForm } from "../support/load";

let demo: DemoWithServer;
let manager: HttpSession;
let researcher: HttpSession;
let supporter: HttpSession;

beforeAll(async () => {
  demo = await demoWithServer("publication");
  [manager, researcher, supporter] = [new HttpSession(demo.server.url), new HttpSession(demo.server.url), new HttpSession(demo.server.url)];
  await Promise.all([manager.signIn("manager@demo.test"), researcher.signIn("researcher@demo.test"), supporter.signIn("supporter@demo.test")]);
}, 120_000);
afterAll(async () => {
  await demo?.stop();
});

const text = async (session: HttpSession, path: string) => {
  const response = await session.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
};
const latestPublished = () => demo.sql.value<string>("SELECT MAX(month) AS m FROM PublishedMonth");

/** A debrief for a new member of Response Team North on a day of `month`: distress 9, information fully reached. */
async function logDebrief(month: string) {
  const created = await supporter.post("/staff/new", { reference: `PUB-${randomUUID().slice(0, 8)}`, teamId: "demo-team-response-north" });
  expect(created.status).toBe(302);
  const form = { ...exposureForm(randomUUID()), "occurred.day": "14", "occurred.month": String(Number(month.slice(5))), "occurred.year": month.slice(0, 4) };
  const saved = await supporter.post(`${created.headers.get("location")}/exposures/new`, { ...form, initialDistress: "9", informationReached: "5" });
  expect(saved.status).toBe(302);
  expect(saved.headers.get("location")).toContain("saved=exposure");
}

describe("issue 27, attack 1: differencing over time", () => {
  test("a debrief logged after its month was published changes nothing a manager or a researcher can see, on any page or download", async () => {
    const month = await latestPublished();
    const from = monthOf(monthIndex(month) - 11);
    const views = [
      [manager, `/dashboard.csv?focus=team:demo-team-response-north&from=${from}&to=${month}`],
      [manager, `/dashboard.csv?focus=all&from=${from}&to=${month}`],
      [researcher, `/research/export.csv?from=${from}&to=${month}`],
    ] as const;
    const evaluations = await demo.sql.all<{ id: string }>("SELECT id FROM Initiative ORDER BY id");
    const pages = [...views, ...evaluations.flatMap(({ id }) => [[manager, `/initiatives/${id}`] as const, [researcher, `/initiatives/${id}`] as const])];
    const before = await Promise.all(pages.map(([session, path]) => text(session, path)));
    expect(before[0]).toMatch(/Contact within 72 hours/);

    await logDebrief(month);
    expect(await demo.sql.value<number>("SELECT COUNT(*) AS n FROM Exposure WHERE occurredMonth = ? AND staffMemberId IN (SELECT id FROM StaffMember WHERE reference LIKE 'PUB-%')", month)).toBe(1);

    const after = await Promise.all(pages.map(([session, path]) => text(session, path)));
    for (const [index, [, path]] of pages.entries()) {
      // Pages carry a fresh nonce and form token on every visit: compared without them.
      const steady = (html: string) => html.replace(/nonce="[^"]*"/g, "").replace(/name="csrf" value="[^"]*"/g, "");
      expect(steady(after[index]!), path).toBe(steady(before[index]!));
    }
  });

  test("the month in progress and a month still settling are never shown: the page and the CSV say when they will be published", async () => {
    const now = new Date();
    const settled = lastPublishableMonth(now, "Europe/London", 7);
    expect(await latestPublished()).toBe(settled);
    const current = monthOf(monthIndex(settled) + (settled === lastPublishableMonth(now, "Europe/London", 0) ? 1 : 2));
    const rows = parse(await text(manager, `/dashboard.csv?from=${monthOf(monthIndex(current) - 11)}&to=${current}`), { columns: true }) as Record<string, string>[];
    expect(rows.some((row) => row.period === current)).toBe(false);
    expect(rows.find((row) => row.period === settled)?.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const page = await text(manager, `/dashboard?from=${monthOf(monthIndex(current) - 11)}&to=${current}`);
    const next = monthOf(monthIndex(settled) + 1);
    expect(page).toContain(`${longDay(publicationDay(next, 7))}`);
    expect(page).toContain("are not changed afterwards");
  });
});

describe("publication", () => {
  test("a new organisation with nothing recorded has its last due month published empty, so pages say there is nothing rather than promise past days", async () => {
    const db = await emptyDatabase("publication-new-organisation");
    const sql = await openSql(db.url);
    try {
      const created = await runScript("server/cli/create-admin.ts", ["--email", "lead@example.org", "--organisation", "Northshire Police"], { DATABASE_URL: db.url });
      expect(created.code, created.stderr).toBe(0);
      expect(await publishDueFigures(db.url)).toContain("Northshire Police: published 1 month of figures.");
      const rows = await sql.all<{ audience: string; month: string; isEmpty: number }>("SELECT audience, month, isEmpty FROM PublishedMonth");
      expect(rows).toEqual([{ audience: "organisation", month: lastPublishableMonth(new Date(), "Europe/London", 7), isEmpty: 1 }]);
      // Once is enough: the next run has nothing new to publish.
      expect(await publishDueFigures(db.url)).toContain("Northshire Police: nothing new to publish.");
    } finally {
      await sql.close();
      await db.remove();
    }
  });

  test("the dashboard always says which month is published next, and when", async () => {
    const next = monthOf(monthIndex(lastPublishableMonth(new Date(), "Europe/London", 7)) + 1);
    const page = (await text(manager, "/dashboard")).replace(/\s+/g, " ");
    expect(page).toContain(`Next to be published: ${new Date(`${next}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" })}, on ${longDay(publicationDay(next, 7))}.`);
    expect(page).toContain("a record added later for a month already published does not appear in it");
  });

  test("every download gives the day figures were published in the organisation's time zone", async () => {
    const month = await latestPublished();
    // Half past eleven at night in July, UTC, is already the next day in London.
    await demo.sql.run("UPDATE PublishedMonth SET publishedAt = ? WHERE month = ?", "2026-07-08T23:30:00.000+00:00", month);
    const from = monthOf(monthIndex(month) - 1);
    const dashboard = parse(await text(manager, `/dashboard.csv?from=${from}&to=${month}`), { columns: true }) as Record<string, string>[];
    const research = parse(await text(researcher, `/research/export.csv?from=${from}&to=${month}`), { columns: true }) as Record<string, string>[];
    expect(dashboard.find((row) => row.period === month)?.published).toBe("2026-07-09");
    const days = new Set(research.filter((row) => row.month === month).map((row) => row.published));
    expect([...days]).toEqual(["2026-07-09"]);
  });

  test("the server publishes due months in the background soon after it starts, and a visit never does", async () => {
    const db = await demoDatabase("publication-server");
    const sql = await openSql(db.url);
    try {
      await sql.run("DELETE FROM PublishedMonth");
      const server = await startServerOn(db.url);
      try {
        // A visit does not publish: the page says nothing is published yet.
        const session = new HttpSession(server.url);
        await session.signIn("manager@demo.test");
        const firstVisit = await text(session, "/dashboard");
        const publishedAtVisit = Number(await sql.value<number>("SELECT COUNT(*) AS n FROM PublishedMonth"));
        if (publishedAtVisit === 0) expect(firstVisit).toContain("No figures for this period have been published yet.");
        // The server's own run, about five seconds after it starts: every month from the first record to the last settled one.
        const earliest = await sql.value<string>("SELECT MIN(occurredMonth) AS m FROM Exposure");
        const due = monthIndex(lastPublishableMonth(new Date(), "Europe/London", 7)) - monthIndex(earliest) + 1;
        let published = 0;
        for (let attempt = 0; attempt < 240 && published < due; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          published = Number(await sql.value<number>("SELECT COUNT(*) AS n FROM PublishedMonth WHERE audience = 'organisation'"));
        }
        expect(published).toBe(due);
        // The managers' remits are published after the organisation, in the same run.
        await expect.poll(async () => (await text(session, "/dashboard")).includes("The figures shown were published on"), { timeout: 60_000, interval: 500 }).toBe(true);
      } finally {
        await server.stop();
      }
    } finally {
      await sql.close();
      await db.remove();
    }
  });
});
