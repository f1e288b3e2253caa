// Issue 27's property test: a random sequence of saves, edits, deletions, an import and erasure
// between publication runs, in a small organisation of its own, with every version of every
// figure an audience was ever shown kept. An exact oracle over person-level data
// (tests/support/disclosure-oracle.ts, independent of app/privacy) checks that no linear
// combination of all those figures, through the organisation's publication and every manager's
// remit publication, counts fewer than k people. The same sequence with the figures computed live
// at every step (as the dashboard did before publication) must be found leaking: the oracle can fail.
//
// Figures checked (those whose definition is plain enough to state here from the records): the
// exposure count ("all") of each month for every node an audience shows: the whole audience, each
// service shown, each team shown on its own, each incident type and each partner agency (exposures
// with that agency). Category cells (contact within 72 hours, distress bands, …), medians, distress
// sums and check-ins are not checked: the oracle would need their definitions, which are the
// engine's. Atoms: one per exposure record in one state (its person, team, month, incident type and
// agencies; a deleted record has none), so a record unchanged between two versions is the same
// atom in both, and an edited one a new atom.
import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { INCIDENT_TYPE_KEYS, PARTNER_AGENCY_KEYS } from "~/domain/vocabulary";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import {
  findDisclosure,
  type Disclosure,
  type OracleAtom,
  type OracleRow,
} from "../support/disclosure-oracle";

/* eslint-disable @typescript-eslint/consistent-type-imports */
type Modules = {
  publication: typeof import("~/models/publication.server");
  dashboard: typeof import("~/models/dashboard.server");
  trends: typeof import("~/models/trends.server");
  records: typeof import("~/models/records.server");
  domain: typeof import("~/domain/records");
  retention: typeof import("~/models/retention.server");
  imports: typeof import("~/models/import.server");
};
/* eslint-enable @typescript-eslint/consistent-type-imports */

const ORG = "oracle-org";
const K = 3;
const TZ = "Europe/London";
/** The months records fall in, and the publication runs: each `now` makes the months before it due (7 days' settling). */
const MONTHS = ["2025-12", "2026-01", "2026-02", "2026-03"] as const;
const RUN_DAYS = [
  "2026-01-05",
  "2026-01-20",
  "2026-02-10",
  "2026-03-02",
  "2026-03-12",
  "2026-04-10",
  "2026-05-01",
] as const;
const TYPES = INCIDENT_TYPE_KEYS.slice(0, 3);
const AGENCIES = PARTNER_AGENCY_KEYS.slice(0, 2);
/** Services and teams; three managers whose remits overlap each other and part of the organisation. */
const TEAMS = [
  { id: "oracle-team-a", service: "oracle-service-1" },
  { id: "oracle-team-b", service: "oracle-service-1" },
  { id: "oracle-team-c", service: "oracle-service-1" },
  { id: "oracle-team-d", service: "oracle-service-2" },
  { id: "oracle-team-e", service: "oracle-service-2" },
] as const;
const REMITS = {
  "oracle-manager-1": ["oracle-team-a", "oracle-team-b"],
  "oracle-manager-2": ["oracle-team-b", "oracle-team-c", "oracle-team-d"],
  // A remit of few people, so that some of its months are published empty and published again once they have records.
  "oracle-manager-3": ["oracle-team-d", "oracle-team-e"],
} as const;
/** People per team at the start (12); an import adds more. */
const STAFF_PER_TEAM = [4, 3, 2, 2, 1];
const SUPPORTER = "oracle-supporter";

let demo: DemoCopy;
let m: Modules;

beforeAll(async () => {
  demo = await demoCopyForModules("publication-oracle");
  m = {
    publication: await import("~/models/publication.server"),
    dashboard: await import("~/models/dashboard.server"),
    trends: await import("~/models/trends.server"),
    records: await import("~/models/records.server"),
    domain: await import("~/domain/records"),
    retention: await import("~/models/retention.server"),
    imports: await import("~/models/import.server"),
  };
}, 120_000);
afterAll(() => demo?.close());

/** One world: an organisation of its own (ids suffixed by the seed), its services, teams, 12 staff, a supporter and three managers. */
function worldOf(seed: number) {
  const id = (name: string) => `${name}-${seed}`;
  const teams = TEAMS.map((t) => ({ id: id(t.id), service: id(t.service) }));
  const remits = Object.entries(REMITS).map(([manager, remit]) => ({
    manager: id(manager),
    teams: remit.map(id),
  }));
  return {
    seed,
    org: id(ORG),
    supporter: id(SUPPORTER),
    teams,
    remits,
    serviceOf: new Map(teams.map((t) => [t.id, t.service])),
  };
}
type World = ReturnType<typeof worldOf>;
/** The world of the sequence running. */
let world: World;

async function createWorld(world: World) {
  const { prisma } = demo;
  await prisma.organisation.create({
    data: {
      id: world.org,
      name: `Oracle test organisation ${world.seed}`,
      anonymityThreshold: K,
      timeZone: TZ,
      publicationDelayDays: 7,
    },
  });
  for (const service of [...new Set(world.teams.map((t) => t.service))])
    await prisma.service.create({
      data: {
        id: service,
        organisationId: world.org,
        name: service,
        kind: "police",
      },
    });
  for (const team of world.teams)
    await prisma.team.create({
      data: {
        id: team.id,
        organisationId: world.org,
        serviceId: team.service,
        name: team.id,
      },
    });
  await prisma.user.create({
    data: {
      id: world.supporter,
      organisationId: world.org,
      email: `${world.supporter}@oracle.test`,
      displayName: "Supporter",
      roles: { create: [{ role: "supporter" }, { role: "admin" }] },
    },
  });
  for (const { manager, teams } of world.remits) {
    await prisma.user.create({
      data: {
        id: manager,
        organisationId: world.org,
        email: `${manager}@oracle.test`,
        displayName: manager,
        roles: { create: [{ role: "manager" }] },
        remit: { create: teams.map((teamId) => ({ teamId })) },
      },
    });
  }
  let n = 0;
  for (const [index, team] of world.teams.entries()) {
    for (let i = 0; i < STAFF_PER_TEAM[index]!; i += 1) {
      n += 1;
      await prisma.staffMember.create({
        data: {
          id: `oracle-staff-${world.seed}-${n}`,
          organisationId: world.org,
          reference: `ORA-${n}`,
          teamId: team.id,
          createdById: world.supporter,
        },
      });
    }
  }
}

/** A small seeded generator (mulberry32), so a failing sequence can be run again from its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
  return { next, int, pick };
}

const actor = () => ({
  supporterId: world.supporter,
  organisationId: world.org,
  timeZone: TZ,
  request: new Request("http://localhost/"),
});

/** An exposure form's answers, through the form's own schema. */
function exposureInput(answers: {
  month: string;
  day: number;
  type: string;
  agencies: string[];
  distress: number;
  reached: number;
}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({
    idempotencyKey: randomUUID(),
    "occurred.day": String(answers.day),
    "occurred.month": String(Number(answers.month.slice(5))),
    "occurred.year": answers.month.slice(0, 4),
    incidentType: answers.type,
    involvement: "attended",
    informationReached: String(answers.reached),
    initialDistress: String(answers.distress),
  }))
    form.append(name, value);
  for (const agency of answers.agencies) form.append("partnerAgencies", agency);
  const submission = parseWithZod(form, {
    schema: m.domain.exposureSchema({ timeZone: TZ }),
  });
  if (submission.status !== "success")
    throw new Error(JSON.stringify(submission.error));
  return submission.value;
}

type LiveRecord = {
  id: number;
  staff: string;
  team: string;
  month: string;
  type: string;
  agencies: string[];
};

/** The person-level state: every exposure not deleted, as the test reads it from the database. */
async function recordsNow(): Promise<LiveRecord[]> {
  // Two plain queries, the same on both engines; the agencies are joined here.
  const rows = await demo.sql.all<{ id: number; staff: string; team: string; month: string; type: string }>(
    `SELECT e.id, e.staffMemberId AS staff, e.teamId AS team, e.occurredMonth AS month, e.incidentType AS type
     FROM Exposure e WHERE e.organisationId = ? AND e.deletedAt IS NULL ORDER BY e.id`,
    world.org,
  );
  const agencyRows = await demo.sql.all<{ exposureId: number; agency: string }>(
    `SELECT p.exposureId, p.agency FROM ExposurePartnerAgency p JOIN Exposure e ON e.id = p.exposureId
     WHERE e.organisationId = ? AND e.deletedAt IS NULL ORDER BY p.agency`,
    world.org,
  );
  const agenciesOf = new Map<number, string[]>();
  for (const { exposureId, agency } of agencyRows) agenciesOf.set(Number(exposureId), [...(agenciesOf.get(Number(exposureId)) ?? []), agency]);
  return rows.map((r) => ({ ...r, id: Number(r.id), agencies: agenciesOf.get(Number(r.id)) ?? [] }));
}

const atomOf = (r: LiveRecord) =>
  `${r.staff}|#${r.id}|${r.team}|${r.month}|${r.type}|${r.agencies.join("+")}`;

/** Which records a node's exposure count counts, stated from the records alone. */
function inNode(node: string, r: LiveRecord) {
  if (node === "all") return true;
  const [kind, id] = [
    node.slice(0, node.indexOf(":")),
    node.slice(node.indexOf(":") + 1),
  ];
  if (kind === "service") return world.serviceOf.get(r.team) === id;
  if (kind === "team") return r.team === id;
  if (kind === "type") return r.type === id;
  if (kind === "agency") return r.agencies.includes(id);
  throw new Error(`no definition for node ${node}`);
}
/** The nodes whose counts are checked, of those an audience was shown. */
const checkedNode = (node: string) =>
  node === "all" || /^(service|team|type|agency):/.test(node);

type Collected = {
  atoms: Map<string, string>;
  rows: OracleRow[];
  mismatches: string[];
};
const collected = () =>
  ({ atoms: new Map<string, string>(), rows: [], mismatches: [] } as Collected);

/** One figure an audience was shown: its row over the atoms of the state it was computed from; its value must be that row's count. */
function addFigure(
  into: Collected,
  state: LiveRecord[],
  teams: ReadonlySet<string>,
  label: string,
  month: string,
  node: string,
  value: number
) {
  const counted = state.filter(
    (r) => r.month === month && teams.has(r.team) && inNode(node, r)
  );
  for (const r of counted) into.atoms.set(atomOf(r), r.staff);
  if (counted.length !== value)
    into.mismatches.push(
      `${label}: shown ${value}, records say ${counted.length}`
    );
  into.rows.push({
    label,
    coefficients: new Map(counted.map((r) => [atomOf(r), 1])),
  });
}

type Audience = {
  name: string;
  audience: string;
  teams: Set<string>;
  manager: string | null;
};

async function audiences(): Promise<Audience[]> {
  const list: Audience[] = [
    {
      name: "organisation",
      audience: m.publication.ORGANISATION_AUDIENCE,
      teams: new Set(world.teams.map((t) => t.id)),
      manager: null,
    },
  ];
  for (const { manager, teams } of world.remits)
    list.push({
      name: manager,
      audience: await m.publication.managerAudience(manager),
      teams: new Set(teams),
      manager,
    });
  return list;
}

type Run = {
  seed: number;
  log: string[];
  published: Collected;
  live: Collected;
  seconds: number;
  /** the audiences' names, the organisation first */ audiences: string[];
};

/**
 * Runs one random sequence from `seed`: operations on the records between publication runs. After
 * each run every published figure of every audience is read (each version is kept: its row is over
 * the state of the run that published it); after every operation the same figures computed live.
 */
async function runSequence(
  seed: number,
  { steps = 36, initial = 2 } = {}
): Promise<Run> {
  const started = Date.now();
  world = worldOf(seed);
  await createWorld(world);
  const random = generator(seed);
  const log: string[] = [];
  const published = collected();
  const live = collected();
  const staff = (
    await demo.sql.all<{ id: string; teamId: string }>(
      "SELECT id, teamId FROM StaffMember WHERE organisationId = ? ORDER BY id",
      world.org
    )
  ).map((s) => ({ ...s }));
  const who = await audiences();
  /** The state at which each audience's month was published, by its version. */
  const publishedState = new Map<string, LiveRecord[]>();
  let runIndex = 0;
  let imported = false;

  const publish = async () => {
    const day = RUN_DAYS[Math.min(runIndex, RUN_DAYS.length - 1)]!;
    runIndex += 1;
    const now = new Date(`${day}T12:00:00Z`);
    const count = await m.publication.publishDueMonths(world.org, now);
    log.push(`publish at ${day}: ${count} months`);
    const state = await recordsNow();
    for (const audience of who) {
      const versions = await demo.sql.all<{ month: string; version: number }>(
        "SELECT month, version FROM PublishedMonth WHERE organisationId = ? AND audience = ?",
        world.org,
        audience.audience
      );
      for (const v of versions) {
        if (publishedState.has(`${audience.audience}|${v.month}|${v.version}`))
          continue;
        publishedState.set(
          `${audience.audience}|${v.month}|${v.version}`,
          state
        );
        if (v.version > 1)
          log.push(
            `republished ${audience.name} ${v.month} as version ${v.version} (it was published empty)`
          );
      }
      const versionOf = new Map(versions.map((v) => [v.month, v.version]));
      const { months, figure, beforeFirst } =
        await m.publication.publishedFigures(
          world.org,
          audience.audience,
          MONTHS[0],
          MONTHS.at(-1)!
        );
      for (const month of MONTHS) {
        const stored = months.get(month);
        // A month before the first published one reads as zeros: what it had when the publisher ran.
        const nodes = stored
          ? [...stored.nodes]
          : beforeFirst(month)
          ? ["all", ...world.teams.map((t) => `team:${t.id}`)]
          : [];
        const from = stored
          ? publishedState.get(
              `${audience.audience}|${month}|${versionOf.get(month)}`
            )!
          : state;
        for (const node of nodes.filter(checkedNode)) {
          const value = figure(month, node, "all");
          if (value === null) continue;
          addFigure(
            published,
            from,
            audience.teams,
            `${audience.name} ${month} ${node} v${
              versionOf.get(month) ?? 0
            } (read at ${day})`,
            month,
            node,
            value
          );
        }
      }
    }
  };

  const computeLive = async (step: number) => {
    const now = new Date(
      `${RUN_DAYS[Math.min(runIndex, RUN_DAYS.length - 1)]!}T12:00:00Z`
    );
    const state = await recordsNow();
    for (const audience of who) {
      const scope = audience.manager
        ? await m.trends.remitScope(audience.manager, K)
        : await m.trends.organisationScope(world.org, K);
      const { figures, hidden } = await m.dashboard.protectedExposureMonths(
        world.org,
        scope,
        m.trends.EXPOSURE_SHAPE,
        MONTHS[0],
        MONTHS.at(-1)!,
        K,
        now
      );
      const nodes = [
        "all",
        ...scope.structure.scope.services.flatMap((s) => [
          `service:${s.id}`,
          ...s.teams.map((t) => `team:${t}`),
        ]),
        ...scope.structure.types.map((t) => `type:${t}`),
        ...scope.structure.agencies.map((a) => `agency:${a}`),
      ];
      for (const month of MONTHS) {
        const cells = figures.get(month)?.cells;
        for (const node of nodes) {
          const key = `${node}|all`;
          if (hidden.get(month)?.has(key)) continue;
          addFigure(
            live,
            state,
            audience.teams,
            `${audience.name} ${month} ${node} live after step ${step}`,
            month,
            node,
            cells?.get(key)?.value ?? 0
          );
        }
      }
    }
  };

  /** Saves an exposure of `person` in a random month with random answers, and logs it. */
  const saveRandomExposure = async (person: (typeof staff)[number]) => {
    const month = random.pick(MONTHS);
    const input = exposureInput({
      month,
      day: 1 + random.int(27),
      type: random.pick(TYPES),
      agencies: AGENCIES.filter(() => random.next() < 0.4),
      distress: random.int(11),
      reached: 1 + random.int(5),
    });
    const { id } = await m.records.createExposure(person.id, input, actor());
    log.push(
      `save #${id}: ${person.id} (${person.teamId}) ${month} ${
        input.incidentType
      } [${input.partnerAgencies.join(",")}]`
    );
  };

  // Records before anyone looks: `initial` a person, in random months, so that figures are shown.
  for (const person of staff) {
    for (let i = 0; i < initial; i += 1) {
      await saveRandomExposure(person);
    }
  }
  for (let step = 0; step < steps; step += 1) {
    const records = await recordsNow();
    const roll = random.next();
    if (roll < 0.16 || step === steps - 1) {
      await publish();
    } else if (roll < 0.5 || records.length < 4) {
      await saveRandomExposure(random.pick(staff));
    } else if (roll < 0.72) {
      const record = random.pick(records);
      const before = await m.records.exposureForEdit(record.staff, record.id);
      if (!before) throw new Error(`exposure ${record.id} is not editable`);
      const change = random.int(4);
      const month = change === 0 ? random.pick(MONTHS) : record.month;
      const input = exposureInput({
        month,
        day:
          change === 0
            ? 1 + random.int(27)
            : Number(before.occurredAt.toISOString().slice(8, 10)),
        type: change === 1 ? random.pick(TYPES) : before.incidentType,
        agencies:
          change === 2
            ? AGENCIES.filter(() => random.next() < 0.5)
            : before.partnerAgencies,
        distress: change === 3 ? random.int(11) : before.initialDistress ?? 5,
        reached: before.informationReached ?? 3,
      });
      await m.records.updateExposure(record.staff, before, input, actor());
      log.push(
        `edit #${record.id}: ${
          ["month", "incident type", "agencies", "distress"][change]
        } → ${JSON.stringify([
          month,
          input.incidentType,
          input.partnerAgencies,
          input.initialDistress,
        ])}`
      );
    } else if (roll < 0.8) {
      // No form moves an exposure to another team: a correction written directly, as an administrator's would be.
      const record = random.pick(records);
      const team = random.pick(world.teams).id;
      await demo.sql.run(
        "UPDATE Exposure SET teamId = ? WHERE id = ?",
        team,
        record.id
      );
      log.push(`team of #${record.id} → ${team}`);
    } else if (roll < 0.92) {
      const record = random.pick(records);
      await m.records.deleteExposure(
        record.staff,
        record.id,
        "logged_in_error",
        actor()
      );
      log.push(`delete #${record.id}`);
    } else if (roll < 0.96 && !imported) {
      imported = true;
      const rows = Array.from({ length: 2 + random.int(3) }, (_, i) => {
        const team = random.pick(world.teams).id;
        const month = random.pick(MONTHS);
        return `IMP-${seed}-${i},${team},${1 + random.int(27)}/${Number(
          month.slice(5)
        )}/${month.slice(0, 4)} 10:00,${random.pick(
          TYPES
        )},attended,,,,${random.int(11)},,,,`;
      });
      const text = `Staff reference,Team,Exposure date,Incident type,Involvement,Partner agencies,Information reached,Barriers,Initial distress,First contact type,First contact date,First contact distress,First contact outcome\n${rows.join(
        "\n"
      )}\n`;
      const analysis = await m.imports.analyseImport({
        organisationId: world.org,
        timeZone: TZ,
        text,
        mapping: { team: {}, incidentType: {}, initiative: {} },
      });
      if (analysis.kind !== "analysed")
        throw new Error(`import refused: ${JSON.stringify(analysis)}`);
      await m.imports.runImport({
        organisationId: world.org,
        timeZone: TZ,
        analysis,
        fileName: "past.csv",
        validOnly: false,
        runById: world.supporter,
      });
      staff.splice(
        0,
        staff.length,
        ...(await demo.sql.all<{ id: string; teamId: string }>(
          "SELECT id, teamId FROM StaffMember WHERE organisationId = ? ORDER BY id",
          world.org
        ))
      );
      log.push(`import of ${rows.length} records: ${rows.join(" | ")}`);
    } else {
      const person = random.pick(staff);
      await m.retention.eraseStaffMember(world.org, person.id, world.supporter);
      log.push(`erase ${person.id}`);
    }
    await computeLive(step);
  }
  return {
    seed,
    log,
    published,
    live,
    seconds: (Date.now() - started) / 1000,
    audiences: who.map((a) => a.name),
  };
}

const describeLeak = (
  run: Run,
  found: Disclosure,
  atoms: Map<string, string>
) =>
  [
    `seed ${run.seed}: a combination of the figures describes ${
      found.people.length
    } people (${found.people.join(", ")}), fewer than k = ${K}`,
    `combination: ${found.combination
      .map(
        (c) => `${c.coefficient > 0 ? "+" : ""}${c.coefficient}·[${c.label}]`
      )
      .join(" ")}`,
    `= ${found.support
      .map((s) => `${s.coefficient}·(${s.atom}, person ${atoms.get(s.atom)})`)
      .join(" + ")}`,
    `sequence:\n  ${run.log.join("\n  ")}`,
  ].join("\n");

const oracleAtoms = (atoms: Map<string, string>): OracleAtom[] =>
  [...atoms].map(([id, person]) => ({ id, person }));

/**
 * The seeds of the sequences: ORACLE_SEEDS to run others ("7" or "1-20" or "3,9"), otherwise 3 and
 * 5 (the leaks recorded below) and 11 (manager 3's 2025-12, published empty, is published again
 * as version 2 once it has records), so every run is the same. Each sequence has an organisation of its
 * own. Seeds 1–12 were run: the results below hold for each.
 */
const SEEDS = (process.env.ORACLE_SEEDS ?? "3,5,11")
  .split(",")
  .flatMap((part) => {
    const [from, to] = part.split("-").map(Number);
    return to === undefined
      ? [from!]
      : Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
  });
const runs: Run[] = [];

describe("issue 27: no combination of every published figure, over every version and audience, counts fewer than k people", () => {
  beforeAll(async () => {
    for (const seed of SEEDS) {
      const run = await runSequence(seed);
      runs.push(run);
      console.log(
        `publication oracle: seed ${seed}, ${
          run.log.length
        } operations in ${run.seconds.toFixed(1)} s; ${
          run.published.rows.length
        } published and ${run.live.rows.length} live figures read; ${
          run.log.filter((line) => line.startsWith("republished")).length
        } months republished after being published empty`
      );
    }
  }, 600_000);

  test("every figure read is the count of the records it stands for (the oracle's rows are the figures' own)", () => {
    for (const run of runs) {
      expect(run.published.mismatches, `seed ${run.seed}`).toEqual([]);
      expect(run.live.mismatches, `seed ${run.seed}`).toEqual([]);
      // The sequence did publish more than once, and read published figures.
      expect(
        run.log.filter((line) => line.startsWith("publish")).length,
        `seed ${run.seed}`
      ).toBeGreaterThanOrEqual(2);
      expect(run.published.rows.length, `seed ${run.seed}`).toBeGreaterThan(20);
    }
  });

  /**
   * The breakdowns a month's figures come in: the scope block (the audience, its services, its
   * teams), the incident types and the partner agencies, each with the audience's total. The engine
   * claims exactness within each (docs/decisions/0001-attacks-across-breakdowns.md).
   */
  const BREAKDOWNS = {
    scope: /^(all|service:|team:)/,
    type: /^(all|type:)/,
    agency: /^(all|agency:)/,
  } as const;
  const nodeOf = (row: OracleRow) => row.label.split(" ")[2]!;
  type Selection = {
    audiences: string[];
    breakdown: keyof typeof BREAKDOWNS | "every breakdown";
  };
  /** The oracle over the figures of these audiences and this breakdown (all their versions): the leaks found, described. */
  const leaksIn = (run: Run, figures: Collected, selections: Selection[]) => {
    const leaks: string[] = [];
    for (const { audiences, breakdown } of selections) {
      const rows = figures.rows.filter(
        (row) =>
          audiences.some((name) => row.label.startsWith(`${name} `)) &&
          (breakdown === "every breakdown" ||
            BREAKDOWNS[breakdown].test(nodeOf(row)))
      );
      const found = findDisclosure(oracleAtoms(figures.atoms), rows, K);
      if (found)
        leaks.push(
          `[${audiences.join(" + ")}, ${breakdown}] ${describeLeak(
            run,
            found,
            figures.atoms
          )}`
        );
    }
    return leaks;
  };
  const eachBreakdown = (audiences: string[][]): Selection[] =>
    audiences.flatMap((names) =>
      (["scope", "type", "agency"] as const).map((breakdown) => ({
        audiences: names,
        breakdown,
      }))
    );
  const report = (leaks: string[]) => leaks.join("\n\n") || "no leak";
  /** Every run's published figures (every version ever shown), over the selections `select` makes of that run's audiences: the leaks, reported. */
  const publishedLeaks = (select: (run: Run) => Selection[]) =>
    report(runs.flatMap((run) => leaksIn(run, run.published, select(run))));

  test("figures computed live at every step, as before publication, are found leaking within one audience and one breakdown (the oracle can fail)", () => {
    for (const run of runs) {
      const leaks = leaksIn(
        run,
        run.live,
        eachBreakdown(run.audiences.map((name) => [name]))
      );
      expect(
        leaks.length,
        `seed ${run.seed}: no leak found in live figures`
      ).toBeGreaterThan(0);
      console.log(
        `live figures, as expected, leak:\n${leaks[0]!.split("\nsequence:")[0]}`
      );
    }
  });

  test("each audience's publication on its own (the organisation's, each manager's remit), each breakdown, every version ever shown: no leak", () => {
    const leaks = publishedLeaks((run) =>
      eachBreakdown(run.audiences.map((name) => [name]))
    );
    expect(leaks).toBe("no leak");
  });

  // KNOWN LEAK (issue 27, docs/decisions/0005 "Joint protection of audiences", not yet built): the
  // organisation's publication and a manager's remit publication are protected separately, so
  // someone who sees both (a manager who is also a researcher, or a manager and a researcher who
  // talk) subtracts one from the other, within one breakdown and one version: no change over time
  // is needed. Seed 3, exactly: the figures of 2026-02 published at the run of 2026-03-12 (version
  // 1 of each): the organisation's total "all" and manager 1's remit total "all" (teams A and B) are
  // both shown, each from at least k = 3 people; that month teams C and D had no exposure and team E
  // one, of oracle-staff-3-12 (serious injury, no agency). So organisation "all" − remit "all" = that
  // one record: one person. Every seed of 1–12 leaks so: with manager 1 in all twelve, with manager
  // 2 in ten, in every breakdown (org total − remit total, org team − remit total, a type − a remit
  // total, …); manager 3 (teams D and E, few people, mostly withheld) in none. Each audience alone
  // does not leak (the test before). Marked `fails` until remit publications are protected jointly with the organisation's.
  test.fails(
    "the organisation's publication together with each manager's remit publication (a manager who is also a researcher), each breakdown: no leak",
    () => {
      const leaks = publishedLeaks((run) =>
        eachBreakdown(
          run.audiences
            .slice(1)
            .map((manager) => [run.audiences[0]!, manager])
        )
      );
      console.log(`organisation with a remit:\n${leaks}`);
      expect(leaks).toBe("no leak");
    }
  );

  // KNOWN LIMIT, accepted in docs/decisions/0001 (attacker (a) across breakdowns): this oracle's
  // attacker knows which people's records lie where, so a combination of one snapshot's team,
  // service, type and agency counts can isolate records. Seed 5, exactly: organisation 2025-12,
  // published at the run of 2026-01-20 (version 1): "all" − service 1 + team A − type
  // serious_injury = the record of oracle-staff-5-12 (team E, attempted suicide, police) + that of
  // oracle-staff-5-2 (team A, fatality): two people. Of seeds 1–12, 5 and 12 leak so. Marked
  // `fails` as the record of what 0001 does not protect; it passes only if breakdowns are protected jointly.
  test.fails(
    "each audience's publication with every breakdown together: no leak",
    () => {
      const leaks = publishedLeaks((run) =>
        run.audiences.map((name) => ({
          audiences: [name],
          breakdown: "every breakdown",
        }))
      );
      console.log(`every breakdown of one audience:\n${leaks}`);
      expect(leaks).toBe("no leak");
    }
  );
});
