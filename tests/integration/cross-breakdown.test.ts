// Attacks that play one figure against another: a team's count against an incident type's or an
// agency's, a type's against an agency's, and one period against another a month longer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { monthIndex, monthOf } from "~/domain/dashboard-filters";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import type { TestSql } from "../support/sql";

type DashboardModule = typeof import("~/models/dashboard.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type TrendsModule = typeof import("~/models/trends.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

const K = 5;
const CRAFTED_MONTH = "2020-01";
/** the month before the demo's history, in which one person joins; the demo's first month; five months on */
let [joinedMonth, firstMonth, sixMonthsOn] = ["", "", ""];
let demo: DemoCopy;
let dashboard: DashboardModule;
let trends: TrendsModule;
let sql: TestSql;

/** Exposures in a month before the demo's history, shaped so a team nearly coincides with a type. */
async function craftMonth(sql: TestSql) {
  const staffOf = async (team: string, count: number) =>
    (await sql.all<{ id: string }>("SELECT id FROM StaffMember WHERE teamId = ? ORDER BY id LIMIT ?", team, count)).map((s) => s.id);
  const insert = (staff: string, team: string, type: string) =>
    sql.run(
      `INSERT INTO Exposure (organisationId, staffMemberId, teamId, occurredAt, occurredMonth, occurredWeek, incidentType, involvement, createdAt, updatedAt)
       VALUES ('demo-organisation', ?, ?, '2020-01-15T10:00:00.000+00:00', '2020-01', '2020-01-13', ?, 'attended', '2020-01-15T12:00:00.000+00:00', '2020-01-15T12:00:00.000+00:00')`,
      staff,
      team,
      type,
    );
  const north = await staffOf("demo-team-response-north", 10);
  // Response Team North: 8 people attended a fatality, 2 were assaulted.
  for (const staff of north.slice(0, 8)) await insert(staff, "demo-team-response-north", "fatality");
  for (const staff of north.slice(8)) await insert(staff, "demo-team-response-north", "violence");
  // Response Team South: 10 people assaulted. Each figure rests on 8 or more people, yet Response
  // Team North minus "fatality" is the two North officers who were assaulted.
  for (const staff of await staffOf("demo-team-response-south", 10)) await insert(staff, "demo-team-response-south", "violence");
  // The month before the demo's history: one person joins it alone, with a first contact,
  // distress 9 and "information reached" 1, so every panel would carry them if the month counted.
  const first = await sql.value<string>("SELECT MIN(occurredMonth) AS m FROM Exposure WHERE occurredMonth > ?", CRAFTED_MONTH);
  joinedMonth = monthOf(monthIndex(first) - 1);
  sixMonthsOn = monthOf(monthIndex(first) + 5);
  firstMonth = first;
  const day = `${joinedMonth}-09`;
  const joiner = north[0]!;
  const written = `${day}T12:00:00.000+00:00`;
  const exposure = await sql.insert(
    `INSERT INTO Exposure (organisationId, staffMemberId, teamId, occurredAt, occurredMonth, occurredWeek, incidentType, involvement, informationReached, createdAt, updatedAt)
     VALUES ('demo-organisation', ?, 'demo-team-response-north', ?, ?, ?, 'fatality', 'attended', 1, ?, ?)`,
    joiner,
    `${day}T10:00:00.000+00:00`,
    joinedMonth,
    day,
    written,
    written,
  );
  const contact = await sql.insert(
    `INSERT INTO SupportContact (organisationId, staffMemberId, contactType, contactedAt, contactedMonth, contactedWeek, distress, outcome, createdAt, updatedAt)
     VALUES ('demo-organisation', ?, 'defusing', ?, ?, ?, 9, 'no_further_action', ?, ?)`,
    joiner,
    `${day}T11:00:00.000+00:00`,
    joinedMonth,
    day,
    written,
    written,
  );
  await sql.run("INSERT INTO SupportContactExposure (supportContactId, exposureId) VALUES (?, ?)", contact, exposure);
}

beforeAll(async () => {
  demo = await demoCopyForModules("cross-breakdown", craftMonth);
  ({ sql } = demo);
  dashboard = await import("~/models/dashboard.server");
  trends = await import("~/models/trends.server");
  // The crafted months are published as the server would (they come before the demo's history).
  await (await import("~/models/publication.server")).publishDueMonths("demo-organisation");
}, 120_000);
afterAll(() => demo?.close());

describe("figures of different breakdowns in one month", () => {
  test("a team and an incident type that differ by fewer than k people: the type's figure is withheld, and so is its complement", async () => {
    const scope = await trends.remitScope("demo-user-manager", K);
    const { figures, hidden } = await dashboard.protectedExposureMonths("demo-organisation", scope, trends.EXPOSURE_SHAPE, CRAFTED_MONTH, CRAFTED_MONTH, K);
    const cells = figures.get(CRAFTED_MONTH)!.cells;
    const withheld = hidden.get(CRAFTED_MONTH)!;
    expect(cells.get("team:demo-team-response-north|all")).toEqual({ value: 10, staff: 10 });
    expect(cells.get("type:fatality|all")).toEqual({ value: 8, staff: 8 });
    expect(withheld.has("team:demo-team-response-north|all")).toBe(false);
    expect(withheld.has("type:fatality|all")).toBe(true);
    // Otherwise the remit total minus "violence" would give "fatality" back.
    expect(withheld.has("type:violence|all")).toBe(true);
  });

  test("in the crafted month and the demo's last twelve months, no two shown figures of different breakdowns differ by fewer than k people", async () => {
    const last = await sql.value<string>("SELECT MAX(occurredMonth) AS m FROM Exposure");
    const periods = [
      [CRAFTED_MONTH, CRAFTED_MONTH],
      [`${Number(last.slice(0, 4)) - 1}-${last.slice(5)}`, last],
    ] as const;
    let pairsChecked = 0;
    for (const [manager, [from, to]] of ["demo-user-manager", "demo-user-manager-ambulance"].flatMap((m) => periods.map((p) => [m, p] as const))) {
      const scope = await trends.remitScope(manager, K);
      const { figures, hidden } = await dashboard.protectedExposureMonths("demo-organisation", scope, trends.EXPOSURE_SHAPE, from, to, K);
      const teamIds = scope.teams.map((t) => t.id);
      // The oracle: every record of the remit, read plainly.
      const records = await sql.all<{ id: number; staff: string; month: string; teamId: string; incidentType: string }>(
        `SELECT e.id, e.staffMemberId AS staff, e.occurredMonth AS month, e.teamId, e.incidentType
         FROM Exposure e WHERE e.deletedAt IS NULL AND e.occurredMonth BETWEEN ? AND ? AND e.teamId IN (${teamIds.map(() => "?").join(",")})`,
        from,
        to,
        ...teamIds,
      );
      const agenciesOf = new Map<number, string[]>();
      for (const { exposureId, agency } of await sql.all<{ exposureId: number; agency: string }>("SELECT exposureId, agency FROM ExposurePartnerAgency")) {
        agenciesOf.set(exposureId, [...(agenciesOf.get(exposureId) ?? []), agency]);
      }
      const serviceOf = new Map(scope.teams.map((t) => [t.id, t.service]));
      const leafOf = new Map(scope.teams.map((t) => [t.id, t.leaf]));
      const memberOf = (record: (typeof records)[number], node: string) =>
        node === serviceOf.get(record.teamId) ||
        node === leafOf.get(record.teamId) ||
        node === `type:${record.incidentType}` ||
        (node.startsWith("agency:") && (agenciesOf.get(record.id) ?? []).includes(node.slice(7)));
      for (const [month, { cells }] of figures) {
        const shown = (node: string) => (cells.get(`${node}|all`)?.staff ?? 0) > 0 && !hidden.get(month)!.has(`${node}|all`);
        const nodes = [...cells.keys()].filter((key) => key.endsWith("|all")).map((key) => key.slice(0, -4));
        const arm = (node: string) => (node.startsWith("type:") ? "type" : node.startsWith("agency:") ? "agency" : node.startsWith("team:") || node.startsWith("service:") ? "scope" : null);
        const visible = nodes.filter((node) => arm(node) !== null && shown(node));
        const inMonth = records.filter((r) => r.month === month);
        for (const a of visible) {
          for (const b of visible) {
            if (a >= b || arm(a) === arm(b)) continue;
            const differ = new Set(inMonth.filter((r) => memberOf(r, a) !== memberOf(r, b)).map((r) => r.staff)).size;
            const agree = new Set(inMonth.filter((r) => memberOf(r, a) === memberOf(r, b)).map((r) => r.staff)).size;
            pairsChecked += 1;
            expect(differ === 0 || differ >= K, `${month}: ${a} and ${b} differ by ${differ} people`).toBe(true);
            expect(agree === 0 || agree >= K, `${month}: ${a} and all but ${b} differ by ${agree} people`).toBe(true);
          }
        }
      }
    }
    expect(pairsChecked).toBeGreaterThan(100);
  });
});

describe("two periods that differ by a month in which one person joined", () => {
  test("the longer period shows nothing about them: its extra month is withheld and every other figure is the same", async () => {
    const manager = { id: "demo-user-manager", organisationId: "demo-organisation", organisation: { timeZone: "Europe/London", anonymityThreshold: K, publicationDelayDays: 7 } };
    const rows = async (query: string) => {
      const { data } = await dashboard.loadDashboard(new Request(`http://debrief.test/dashboard?${query}`), manager as Parameters<DashboardModule["loadDashboard"]>[1]);
      return dashboard.dashboardRows(data);
    };
    for (const focus of ["all", "team:demo-team-response-north"]) {
      const [without, withJoiner] = await Promise.all([rows(`focus=${focus}&from=${firstMonth}&to=${sixMonthsOn}`), rows(`focus=${focus}&from=${joinedMonth}&to=${sixMonthsOn}`)]);
      // Their month: the count and every measure are withheld.
      const theirMonth = withJoiner.filter((row) => row.period === joinedMonth);
      expect(theirMonth.find((row) => row.measure === "Exposures")?.value).toBeNull();
      expect(theirMonth.filter((row) => row.value !== null && row.value !== 0)).toEqual([]);
      // The months both periods share, and the figures over the whole period (mean distress by
      // "information reached", which their distress 9 at rating 1 would move), are unchanged.
      const figures = (list: typeof without, periods: (period: string) => boolean) => list.filter((row) => periods(row.period)).map(({ measure, period, value }) => ({ measure, period, value }));
      const shared = (period: string) => /^\d{4}-\d{2}$/.test(period) && period >= firstMonth && period <= sixMonthsOn;
      expect(figures(withJoiner, shared)).toEqual(figures(without, shared));
      const wholePeriod = (list: typeof without) => figures(list, (period) => period.includes(" to ")).map(({ measure, value }) => ({ measure, value }));
      expect(wholePeriod(withJoiner)).toEqual(wholePeriod(without));
      expect(wholePeriod(without).find((row) => row.measure === "Mean distress, information rated 1")?.value).not.toBeNull();
    }
  });
});
