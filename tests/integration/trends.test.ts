import { afterAll, beforeAll, expect, test } from "vitest";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import type { TestSql } from "../support/sql";

type TrendsModule = typeof import("~/models/trends.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type DbModule = typeof import("~/db.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

let demo: DemoCopy;
let trends: TrendsModule;
let prisma: DbModule["prisma"];
let sql: TestSql;

beforeAll(async () => {
  demo = await demoCopyForModules("trends");
  ({ prisma, sql } = demo);
  trends = await import("~/models/trends.server");
});
afterAll(() => demo?.close());

const lastMonth = () => sql.value<string>("SELECT MAX(occurredMonth) AS m FROM Exposure");

test("a manager is offered only the teams in their remit, and small teams only inside their service", async () => {
  const ambulance = await trends.remitScope("demo-user-manager-ambulance", 5);
  const labels = ambulance.options.map((o) => o.label);
  expect(labels).toContain("Northshire Ambulance Service");
  // HART has four staff: never on its own, and so that service minus the others cannot single it
  // out, the next smallest team is merged with it.
  expect(labels).not.toContain("Hazardous Area Response Team");
  expect(ambulance.mergedTeams).toContain("Hazardous Area Response Team");
  expect(ambulance.mergedTeams.length).toBeGreaterThanOrEqual(2);
  expect(labels.some((label) => /Police|Control/.test(label))).toBe(false);

  const police = await trends.remitScope("demo-user-manager", 5);
  expect(police.options.map((o) => o.label)).toContain("Response Team North");
  expect(police.options.map((o) => o.label)).not.toContain("Northgate Ambulance Station");
});

test("the monthly figures equal a plain count of the records, per team, per incident type and per agency", async () => {
  const scope = await trends.remitScope("demo-user-manager", 5);
  const month = await lastMonth();
  const figures = (await trends.exposureMonths("demo-organisation", scope, month, month)).get(month)!.cells;
  const remitTeams = scope.teams.map((t) => `'${t.id}'`).join(",");
  const count = async (where: string) => {
    const { n, s } = (await sql.get<{ n: number; s: number }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT staffMemberId) AS s FROM Exposure e WHERE deletedAt IS NULL AND occurredMonth = ? AND teamId IN (${remitTeams}) AND ${where}`,
      month,
    ))!;
    return { value: n, staff: s };
  };

  expect(figures.get("all|all")).toEqual(await count("1 = 1"));
  expect(figures.get("team:demo-team-response-north|all")).toEqual(await count("teamId = 'demo-team-response-north'"));
  expect(figures.get("type:violence|all")).toEqual(await count("incidentType = 'violence'"));
  const withPolice = "EXISTS (SELECT 1 FROM ExposurePartnerAgency p WHERE p.exposureId = e.id AND p.agency = 'police')";
  expect(figures.get("agency:police|all")).toEqual(await count(withPolice));
  expect(figures.get("without-agency:police|all")!.value).toBe((await count(`NOT ${withPolice}`)).value);
  // The categories of a group add up to the whole.
  const all = figures.get("all|all")!.value;
  const sum = (...categories: string[]) => categories.reduce((total, c) => total + (figures.get(`all|${c}`)?.value ?? 0), 0);
  expect(sum("within72", "later", "never")).toBe(all);
  expect(sum("contacted")).toBe(sum("within72", "later"));
  expect(sum("fdHigh", "fdLower", "fdNone")).toBe(all);
  expect(sum("r1", "r2", "r3", "r4", "r5", "rNa")).toBe(all);
  expect(sum("r45")).toBe(sum("r4", "r5"));
  expect(sum("fuOnTime", "fuLate", "fuNone")).toBe(all);
  expect(sum("barrier", "noBarrier")).toBe(all);
  const rated = await sql.value<number>(`SELECT COUNT(*) AS n FROM Exposure WHERE deletedAt IS NULL AND occurredMonth = ? AND informationReached IN (4, 5) AND teamId IN (${remitTeams})`, month);
  expect(sum("r45")).toBe(rated);
});

test("deleted records are left out, and a manager with no teams gets no figures", async () => {
  const scope = await trends.remitScope("demo-user-manager", 5);
  const month = await lastMonth();
  const before = (await trends.exposureMonths("demo-organisation", scope, month, month)).get(month)!.cells.get("all|all")!.value;
  const victim = await sql.value<number>(`SELECT id FROM Exposure WHERE occurredMonth = ? AND teamId = 'demo-team-response-north' AND deletedAt IS NULL LIMIT 1`, month);
  await prisma.exposure.update({ where: { id: victim }, data: { deletedAt: new Date(), deletedReason: "logged_in_error" } });
  const after = (await trends.exposureMonths("demo-organisation", scope, month, month)).get(month)!.cells.get("all|all")!.value;
  expect(after).toBe(before - 1);

  const nobody = await trends.remitScope("demo-user-researcher", 5);
  expect(nobody.options.map((o) => o.node)).toEqual(["all"]);
  expect((await trends.exposureMonths("demo-organisation", nobody, month, month)).size).toBe(0);
});

test("a team's headcount carries forward month by month until a new one is given, and stops after the month it was archived", async () => {
  const service = await sql.value<string>("SELECT id FROM Service LIMIT 1");
  await sql.run(
    "INSERT INTO Team (id, organisationId, serviceId, name, archivedAt, createdAt, updatedAt) VALUES ('carry-team', 'demo-organisation', ?, 'Carry Test Team', ?, ?, ?)",
    service,
    "2025-10-15T12:00:00.000+00:00",
    "2024-01-01T00:00:00.000+00:00",
    "2025-10-15T12:00:00.000+00:00",
  );
  await sql.run("INSERT INTO TeamHeadcount (teamId, periodMonth, headcount) VALUES ('carry-team', '2025-01', 20), ('carry-team', '2025-06', 22)");
  const headcounts = await trends.teamMonthHeadcounts(["carry-team"], "2024-12", "2025-12");
  const at = (month: string) => headcounts.get(`carry-team|${month}`) ?? null;
  expect(at("2024-12")).toBeNull();
  expect(at("2025-01")).toEqual({ headcount: 20, carriedFrom: null });
  expect(at("2025-05")).toEqual({ headcount: 20, carriedFrom: "2025-01" });
  expect(at("2025-06")).toEqual({ headcount: 22, carriedFrom: null });
  expect(at("2025-10")).toEqual({ headcount: 22, carriedFrom: "2025-06" });
  expect(at("2025-11")).toBeNull();
  // A rate needs every team's staff: one team without a headcount gives none.
  const demoTeam = await sql.value<string>("SELECT teamId FROM TeamHeadcount WHERE periodMonth = '2025-05' LIMIT 1");
  const both = await trends.teamMonthHeadcounts([demoTeam, "carry-team"], "2024-12", "2025-05");
  expect(trends.headcountOf(both, [demoTeam, "carry-team"], "2025-05")).toBe(both.get(`${demoTeam}|2025-05`)!.headcount + 20);
  expect(trends.headcountOf(both, [demoTeam, "carry-team"], "2024-12")).toBeNull();
});
