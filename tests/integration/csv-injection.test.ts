// A name typed into Debrief that a spreadsheet would run as a formula (CSV injection) reaches the
// CSV files managers and researchers open in spreadsheets only as text, with a leading apostrophe.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession } from "../support/http";

const TEAM = "demo-team-response-north";
const FORMULA = 'HYPERLINK("http://x","y")';
/** Each character a spreadsheet takes as the start of a formula (OWASP), before the same formula. */
const NAMES = [`=${FORMULA}`, `+${FORMULA}`, `-${FORMULA}`, `@${FORMULA}`, `\t=${FORMULA}`, `\r=${FORMULA}`];

let demo: DemoWithServer;
let admin: HttpSession;
let manager: HttpSession;
let researcher: HttpSession;

beforeAll(async () => {
  demo = await demoWithServer("csv-injection");
  [admin, manager, researcher] = [new HttpSession(demo.server.url), new HttpSession(demo.server.url), new HttpSession(demo.server.url)];
  await Promise.all([admin.signIn("admin@demo.test"), manager.signIn("manager@demo.test"), researcher.signIn("researcher@demo.test")]);
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

async function csvRows(session: HttpSession, path: string) {
  const response = await session.get(path);
  expect(response.status).toBe(200);
  return parse(await response.text(), { columns: true }) as Record<string, string>[];
}

/** No cell starts a formula; a negative figure (a number, written as one) is not a formula. */
function startsNoFormula(rows: Record<string, string>[]) {
  const formulas = rows.flatMap((row) => Object.values(row)).filter((cell) => /^[=+\-@\t\r]/.test(cell) && Number.isNaN(Number(cell)));
  expect(formulas).toEqual([]);
}

describe("a team named like a formula", () => {
  test.each(NAMES)("%j appears with a leading apostrophe in the dashboard CSV and the research export", async (name) => {
    // The rename form trims its input, so a name that starts with a tab or a carriage return can
    // only be in the database from elsewhere (an older version, another tool); it is put there directly.
    if (name.trim() === name) expect((await admin.post(`/admin/teams/${TEAM}`, { intent: "rename", name })).status).toBe(302);
    else await demo.sql.run("UPDATE Team SET name = ? WHERE id = ?", name, TEAM);

    const dashboard = await csvRows(manager, `/dashboard.csv?focus=team:${TEAM}`);
    expect(dashboard.length).toBeGreaterThan(0);
    expect(new Set(dashboard.map((row) => row.focus))).toEqual(new Set([`'${name}`]));
    startsNoFormula(dashboard);

    const research = await csvRows(researcher, "/research/export.csv");
    expect(research.filter((row) => row.level === "team" && row.team === `'${name}`).length).toBeGreaterThan(0);
    startsNoFormula(research);
  });
});
