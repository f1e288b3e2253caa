// A large synthetic organisation for the benchmark, written straight into SQLite (the app's own
// code would take hours for a million records). Deterministic: the same parameters give the same
// rows. Cached by parameters under .cache/bench/, so a second run starts at once.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { Faker, base } from "@faker-js/faker";
import Database from "better-sqlite3";
import { SingleBar, Presets } from "cli-progress";
import { monthIndex, monthOf } from "../app/domain/dashboard-filters";
import { BARRIER_KEYS, INCIDENT_TYPE_KEYS, INVOLVEMENT_KEYS, PARTNER_AGENCY_KEYS } from "../app/domain/vocabulary";
import { monthKey, weekKey } from "../app/utils/time";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);

export type OrganisationParameters = {
  staff: number;
  teams: number;
  /** years of history, ending with the month the data was made for */
  years: number;
  exposures: number;
  /** the last month of history ("YYYY-MM"): part of the cache key, so the data moves with the calendar */
  lastMonth: string;
  seed: number;
};

export const BENCH_ORGANISATION_ID = "bench-organisation";
export const ORGANISATION_WIDE_MANAGER = "bench-manager-all";
export const TEN_TEAM_MANAGER = "bench-manager-ten";
const TIME_ZONE = "Europe/London";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SERVICES = [
  ["police", "Police"],
  ["ambulance", "Ambulance service"],
  ["call_handling", "Emergency control room"],
  ["mental_health", "Crisis mental health"],
  ["highways", "Highways"],
  ["fire", "Fire and rescue"],
] as const;

export function cacheFileFor(parameters: OrganisationParameters) {
  const key = createHash("sha256").update(JSON.stringify(parameters)).digest("hex").slice(0, 12);
  return path.join(projectRoot, ".cache", "bench", `organisation-${parameters.exposures}-${key}.db`);
}

/** The organisation's database file, generated unless it is already cached. */
export async function syntheticOrganisation(parameters: OrganisationParameters, options: { progress?: boolean } = {}) {
  const file = cacheFileFor(parameters);
  const migrate = (target: string) =>
    run(path.join(projectRoot, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: `file:${target}` } });
  if (existsSync(file)) {
    // One made before a later migration gets it (and the rows it fills) like any deployment.
    await migrate(file);
    return file;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const building = `${file}.building`;
  rmSync(building, { force: true });
  await migrate(building);
  fill(building, parameters, options.progress ?? false);
  for (const suffix of ["-wal", "-shm"]) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, file);
  return file;
}

/** Midnight UTC on the first day of the month `offset` months after `month`. */
function monthStart(month: string, offset = 0) {
  const index = monthIndex(month) + offset;
  return Date.UTC(Math.floor(index / 12), index % 12, 1);
}

function fill(file: string, p: OrganisationParameters, showProgress: boolean) {
  const faker = new Faker({ locale: [base] });
  faker.seed(p.seed);
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const chance = (probability: number) => faker.number.float() < probability;

  const db = new Database(file);
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  const now = new Date().toISOString();
  const months = p.years * 12;
  const firstMonth = monthOf(monthIndex(p.lastMonth) - months + 1);
  // A day inside the first month and the end of the last (or now), clear of time-zone edges.
  const start = monthStart(firstMonth) + DAY;
  const end = Math.min(Date.now(), monthStart(p.lastMonth, 1) - DAY);
  const iso = (time: number) => new Date(time).toISOString();

  const insert = (sql: string) => db.prepare(sql);
  const staffTeam: string[] = [];
  const progress = showProgress ? new SingleBar({ format: "  generating {bar} {percentage}% | {value}/{total} exposures | {eta}s left" }, Presets.shades_classic) : null;

  db.transaction(() => {
    insert(`INSERT INTO Organisation (id, name, isDemo, anonymityThreshold, mfaRequired, timeZone, createdAt, updatedAt) VALUES (?, ?, 0, 5, 0, ?, ?, ?)`).run(
      BENCH_ORGANISATION_ID,
      "Benchmark partnership",
      TIME_ZONE,
      now,
      now,
    );
    const addService = insert(`INSERT INTO Service (id, organisationId, name, kind, createdAt) VALUES (?, ?, ?, ?, ?)`);
    for (const [kind, name] of SERVICES) addService.run(`bench-service-${kind}`, BENCH_ORGANISATION_ID, name, kind, now);

    const addTeam = insert(`INSERT INTO Team (id, organisationId, serviceId, name, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`);
    const addHeadcount = insert(`INSERT INTO TeamHeadcount (teamId, periodMonth, headcount) VALUES (?, ?, ?)`);
    const teams: string[] = [];
    for (let t = 0; t < p.teams; t += 1) {
      const id = `bench-team-${String(t + 1).padStart(3, "0")}`;
      const [kind, serviceName] = SERVICES[t % SERVICES.length]!;
      addTeam.run(id, BENCH_ORGANISATION_ID, `bench-service-${kind}`, `${serviceName} team ${t + 1}`, now, now);
      teams.push(id);
    }

    // Staff spread unevenly: every twentieth team is small (3 people), so some teams are only
    // shown merged into their service, as in a real organisation.
    const smallTeams = teams.filter((_, t) => t % 20 === 7);
    const largeTeams = teams.filter((_, t) => t % 20 !== 7);
    for (const team of smallTeams) for (let i = 0; i < 3 && staffTeam.length < p.staff; i += 1) staffTeam.push(team);
    while (staffTeam.length < p.staff) staffTeam.push(largeTeams[staffTeam.length % largeTeams.length]!);
    const addStaff = insert(`INSERT INTO StaffMember (id, organisationId, reference, teamId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`);
    staffTeam.forEach((team, s) => addStaff.run(staffId(s), BENCH_ORGANISATION_ID, `B${String(s + 1).padStart(6, "0")}`, team, now, now));
    const teamSize = new Map<string, number>();
    for (const team of staffTeam) teamSize.set(team, (teamSize.get(team) ?? 0) + 1);
    for (let m = 0; m < months; m += 1) {
      const month = monthOf(monthIndex(firstMonth) + m);
      for (const team of teams) addHeadcount.run(team, month, teamSize.get(team) ?? 0);
    }

    const addUser = insert(`INSERT INTO User (id, organisationId, email, displayName, isDemoAccount, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0, ?, ?)`);
    const addRole = insert(`INSERT INTO UserRole (userId, role) VALUES (?, ?)`);
    const addRemit = insert(`INSERT INTO ManagerRemit (userId, teamId) VALUES (?, ?)`);
    addUser.run(ORGANISATION_WIDE_MANAGER, BENCH_ORGANISATION_ID, "manager-all@bench.test", "Manager of every team", now, now);
    addUser.run(TEN_TEAM_MANAGER, BENCH_ORGANISATION_ID, "manager-ten@bench.test", "Manager of ten teams", now, now);
    addUser.run("bench-supporter", BENCH_ORGANISATION_ID, "supporter@bench.test", "Supporter", now, now);
    addRole.run(ORGANISATION_WIDE_MANAGER, "manager");
    addRole.run(TEN_TEAM_MANAGER, "manager");
    addRole.run("bench-supporter", "supporter");
    for (const team of teams) addRemit.run(ORGANISATION_WIDE_MANAGER, team);
    for (const team of teams.slice(0, 10)) addRemit.run(TEN_TEAM_MANAGER, team);

    insert(`INSERT INTO FollowUpProtocolStep (id, organisationId, label, offsetHours, contactType, sortOrder) VALUES (?, ?, ?, ?, ?, ?)`).run(
      "bench-step-72h",
      BENCH_ORGANISATION_ID,
      "72-hour risk assessment",
      72,
      "risk_assessment",
      1,
    );
    insert(`INSERT INTO FollowUpProtocolStep (id, organisationId, label, offsetHours, contactType, sortOrder) VALUES (?, ?, ?, ?, ?, ?)`).run(
      "bench-step-28d",
      BENCH_ORGANISATION_ID,
      "28-day review",
      28 * 24,
      "review",
      2,
    );
  })();

  const addExposure = insert(
    `INSERT INTO Exposure (id, organisationId, staffMemberId, teamId, occurredAt, occurredMonth, occurredWeek, incidentType, involvement, informationReached, initialDistress, createdById, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench-supporter', ?, ?)`,
  );
  const addAgency = insert(`INSERT INTO ExposurePartnerAgency (exposureId, agency) VALUES (?, ?)`);
  const addBarrier = insert(`INSERT INTO ExposureBarrier (exposureId, barrier) VALUES (?, ?)`);
  const addContact = insert(
    `INSERT INTO SupportContact (id, organisationId, staffMemberId, contactType, contactedAt, contactedMonth, contactedWeek, format, distress, outcome, createdById, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'individual', ?, ?, 'bench-supporter', ?, ?)`,
  );
  const addLink = insert(`INSERT INTO SupportContactExposure (supportContactId, exposureId) VALUES (?, ?)`);
  const addFollowUp = insert(
    `INSERT INTO FollowUp (organisationId, staffMemberId, exposureId, protocolStepId, label, dueAt, completedAt, completedByContactId, cancelledAt, cancelledReason, createdAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  // Exposures in order of time, so ids follow dates as they would in use.
  const times = Array.from({ length: p.exposures }, () => int(start, end - HOUR)).sort((a, b) => a - b);
  let contactId = 0;
  progress?.start(p.exposures, 0);
  const BATCH = 20_000;
  for (let from = 0; from < p.exposures; from += BATCH) {
    db.transaction(() => {
      for (let e = from; e < Math.min(from + BATCH, p.exposures); e += 1) {
        const id = e + 1;
        const occurred = times[e]!;
        const s = int(0, p.staff - 1);
        const staff = staffId(s);
        const occurredAt = new Date(occurred);
        addExposure.run(
          id,
          BENCH_ORGANISATION_ID,
          staff,
          staffTeam[s]!,
          iso(occurred),
          monthKey(occurredAt, TIME_ZONE),
          weekKey(occurredAt, TIME_ZONE),
          faker.helpers.arrayElement(INCIDENT_TYPE_KEYS),
          faker.helpers.arrayElement(INVOLVEMENT_KEYS),
          chance(0.8) ? int(1, 5) : null,
          chance(0.7) ? int(0, 10) : null,
          iso(occurred + int(1, 48) * HOUR),
          iso(occurred + int(1, 48) * HOUR),
        );
        for (const agency of faker.helpers.arrayElements(PARTNER_AGENCY_KEYS, int(0, 3))) addAgency.run(id, agency);
        for (const barrier of faker.helpers.arrayElements(BARRIER_KEYS, chance(0.3) ? int(1, 2) : 0)) addBarrier.run(id, barrier);

        const contact = (type: string, at: number, distress: number | null) => {
          contactId += 1;
          const when = new Date(at);
          addContact.run(
            contactId,
            BENCH_ORGANISATION_ID,
            staff,
            type,
            iso(at),
            monthKey(when, TIME_ZONE),
            weekKey(when, TIME_ZONE),
            distress,
            faker.helpers.arrayElement(["no_further_action", "follow_up_scheduled", "signposted"]),
            iso(at),
            iso(at),
          );
          addLink.run(contactId, id);
          return contactId;
        };
        const firstAt = occurred + int(1, 120) * HOUR;
        const first = chance(0.85) && firstAt < end ? contact(faker.helpers.arrayElement(["defusing", "debrief", "risk_assessment"]), firstAt, chance(0.9) ? int(0, 10) : null) : null;
        const reviewAt = occurred + (28 + int(-3, 6)) * DAY;
        const review = chance(0.5) && reviewAt < end ? contact("review", reviewAt, chance(0.9) ? int(0, 10) : null) : null;

        const followUp = (step: string, label: string, dueAt: number, doneBy: number | null, doneAt: number) => {
          const cancelled = doneBy === null && dueAt < end && chance(0.3);
          addFollowUp.run(
            BENCH_ORGANISATION_ID,
            staff,
            id,
            step,
            label,
            iso(dueAt),
            doneBy === null ? null : iso(doneAt),
            doneBy,
            cancelled ? iso(dueAt + DAY) : null,
            cancelled ? "not_needed" : null,
            iso(occurred),
          );
        };
        followUp("bench-step-72h", "72-hour risk assessment", occurred + 72 * HOUR, first, firstAt);
        followUp("bench-step-28d", "28-day review", occurred + 28 * DAY, review, reviewAt);
      }
    })();
    progress?.update(Math.min(from + BATCH, p.exposures));
  }
  progress?.stop();
  db.pragma("journal_mode = WAL");
  db.exec("ANALYZE");
  db.close();
}

const staffId = (index: number) => `bench-staff-${String(index + 1).padStart(6, "0")}`;
