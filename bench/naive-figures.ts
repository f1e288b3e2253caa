// The naive pattern the benchmark compares against: fetch every record of the period with
// `findMany` and count in JavaScript. Written apart from the SQL on purpose, so the benchmark's
// agreement check is also an independent check of the dashboard's figures.
import type { PrismaClient } from "../app/generated/prisma/client";
import { PARTNER_AGENCY_KEYS } from "../app/domain/vocabulary";
import type { ExposureMonth, RemitScope } from "../app/models/trends.server";
import { EXPOSURE_SHAPE } from "../app/models/trends.server";
import { ROOT, cellKey } from "../app/privacy/trend-protection";

/** SQLite's julianday() of an instant, computed the way SQLite does (whole milliseconds from the epoch of the Julian day). */
const julianDay = (date: Date) => (date.getTime() + 210_866_760_000_000) / 86_400_000;

/** Every category an exposure counts in, from its record and its contacts and follow-ups. */
type NaiveExposure = {
  staff: string;
  month: string;
  categories: string[];
  hoursToContact: number | null;
  firstDistress: number | null;
  reviewDistress: number | null;
  rating: number | null;
  /** scope nodes, with every category */
  nodes: string[];
  /** incident type and agency nodes, with the base figure only */
  countedIn: string[];
};

/** The figures of `exposureMonths` (trends.server.ts), from rows fetched with findMany. */
export async function naiveExposureMonths(prisma: PrismaClient, organisationId: string, scope: RemitScope, from: string, to: string, now: Date) {
  const teamOf = new Map(scope.teams.map((team) => [team.id, team]));
  const rows = await prisma.exposure.findMany({
    where: { organisationId, deletedAt: null, occurredMonth: { gte: from, lte: to }, teamId: { in: [...teamOf.keys()] } },
    select: {
      staffMemberId: true,
      occurredMonth: true,
      occurredAt: true,
      teamId: true,
      incidentType: true,
      informationReached: true,
      partnerAgencies: { select: { agency: true } },
      barriers: { select: { barrier: true } },
      contacts: { select: { supportContact: { select: { contactedAt: true, distress: true, contactType: true, deletedAt: true } } } },
      followUps: { select: { dueAt: true, completedAt: true, cancelledAt: true } },
    },
  });

  const exposures: NaiveExposure[] = rows.map((row) => {
    const contacts = row.contacts
      .map((link) => link.supportContact)
      .filter((contact) => contact.deletedAt === null)
      .sort((a, b) => a.contactedAt.getTime() - b.contactedAt.getTime());
    const first = contacts[0];
    const review = contacts.find((contact) => contact.contactType === "review");
    const hoursToContact = first ? (julianDay(first.contactedAt) - julianDay(row.occurredAt)) * 24 : null;
    const firstDistress = first?.distress ?? null;
    const reviewDistress = review?.distress ?? null;
    const due = row.followUps.filter((f) => (f.cancelledAt === null || julianDay(f.cancelledAt) > julianDay(f.dueAt)) && julianDay(f.dueAt) <= julianDay(now));
    const cov = !first ? "never" : julianDay(first.contactedAt) - julianDay(row.occurredAt) <= 3 ? "within72" : "later";
    const fd = firstDistress === null ? "fdNone" : firstDistress >= 7 ? "fdHigh" : "fdLower";
    const rd = reviewDistress === null ? "rdNone" : reviewDistress >= 7 ? "rdHigh" : "rdLower";
    const rt = row.informationReached === null ? "rNa" : `r${row.informationReached}`;
    const br = row.barriers.length > 0 ? "barrier" : "noBarrier";
    const fu =
      due.length === 0 ? "fuNone" : due.every((f) => f.completedAt !== null && julianDay(f.completedAt) <= julianDay(f.dueAt)) ? "fuOnTime" : "fuLate";
    const dr = row.informationReached === null || firstDistress === null ? "drNone" : `dr${row.informationReached}`;
    const categories = ["all", cov, fd, rd, rt, br, fu, dr];
    if (cov !== "never") categories.push("contacted");
    if (fd !== "fdNone") categories.push("fdKnown");
    if (rd !== "rdNone") categories.push("rdKnown");
    if (rt === "r4" || rt === "r5") categories.push("r45");
    else categories.push("rOther");
    if (fu !== "fuNone") categories.push("fuDue");
    if (cov !== "within72") categories.push("notWithin72");

    const team = teamOf.get(row.teamId)!;
    const agencies = new Set(row.partnerAgencies.map((p) => p.agency));
    // Incident types and agencies are counted, never broken down by category (EXPOSURE_SHAPE.categoryArms).
    const countedIn = [`type:${row.incidentType}`];
    for (const agency of PARTNER_AGENCY_KEYS) countedIn.push(agencies.has(agency) ? `agency:${agency}` : `without-agency:${agency}`);
    return {
      staff: row.staffMemberId,
      month: row.occurredMonth,
      categories,
      hoursToContact,
      firstDistress,
      reviewDistress,
      rating: row.informationReached,
      nodes: [...new Set([ROOT, team.service, team.leaf])],
      countedIn,
    };
  });

  const allCategories = ["all", ...EXPOSURE_SHAPE.groups.flatMap((g) => [...g.parts, ...(g.hidden ?? [])]), "contacted", "fdKnown", "rdKnown", "r45", "fuDue", "notWithin72", "rOther"];
  const months = new Map<string, ExposureMonth>();
  const counting = new Map<string, { value: number; staff: Set<string> }>();
  const measured = new Map<string, number[]>();
  const measure = (month: string, node: string, metric: string, value: number | null) => {
    if (value === null) return;
    const key = `${month}|${cellKey(node, metric)}`;
    const list = measured.get(key) ?? [];
    list.push(value);
    measured.set(key, list);
  };
  for (const exposure of exposures) {
    let month = months.get(exposure.month);
    if (!month) {
      month = { cells: new Map(), medians: new Map(), distress: new Map() };
      months.set(exposure.month, month);
    }
    for (const node of exposure.nodes) {
      if (!month.cells.has(cellKey(node, "all"))) {
        for (const category of allCategories) month.cells.set(cellKey(node, category), { value: 0, staff: 0 });
        for (const category of ["dr1", "dr2", "dr3", "dr4", "dr5", "fdKnown"]) month.distress.set(cellKey(node, category), { sum: 0, sumOfSquares: 0 });
      }
      for (const category of exposure.categories) {
        const key = `${exposure.month}|${cellKey(node, category)}`;
        const cell = counting.get(key) ?? { value: 0, staff: new Set<string>() };
        cell.value += 1;
        cell.staff.add(exposure.staff);
        counting.set(key, cell);
      }
      if (exposure.firstDistress !== null) {
        const squares = exposure.firstDistress * exposure.firstDistress;
        for (const category of exposure.rating === null ? ["fdKnown"] : [`dr${exposure.rating}`, "fdKnown"]) {
          const sums = month.distress.get(cellKey(node, category))!;
          sums.sum += exposure.firstDistress;
          sums.sumOfSquares += squares;
        }
      }
      measure(exposure.month, node, "contacted", exposure.hoursToContact);
      measure(exposure.month, node, "fdKnown", exposure.firstDistress);
      measure(exposure.month, node, "rdKnown", exposure.reviewDistress);
    }
    for (const node of exposure.countedIn) {
      const key = `${exposure.month}|${cellKey(node, "all")}`;
      const cell = counting.get(key) ?? { value: 0, staff: new Set<string>() };
      cell.value += 1;
      cell.staff.add(exposure.staff);
      counting.set(key, cell);
    }
  }
  const split = (key: string) => [key.slice(0, key.indexOf("|")), key.slice(key.indexOf("|") + 1)] as const;
  for (const [key, cell] of counting) {
    const [month, id] = split(key);
    months.get(month)!.cells.set(id, { value: cell.value, staff: cell.staff.size });
  }
  for (const [key, values] of measured) {
    const [month, id] = split(key);
    values.sort((a, b) => a - b);
    const lower = values[Math.floor((values.length + 1) / 2) - 1]!;
    const upper = values[Math.floor((values.length + 2) / 2) - 1]!;
    months.get(month)!.medians.set(id, lower === upper ? lower : (lower + upper) / 2);
  }
  return months;
}

/** The figures as one canonical string, to compare three ways of computing them exactly. */
export function canonicalFigures(months: Map<string, ExposureMonth>) {
  const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(
    sorted(months).map(([month, figures]) => [month, sorted(figures.cells), sorted(figures.medians), sorted(figures.distress)]),
  );
}
