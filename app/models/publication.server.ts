// Published figures (docs/decisions/0005-published-figures.md). A month's figures are computed
// and protected once, in the background, after the month has ended and settled, and stored for
// each audience: the organisation (researchers) and each manager's remit. Every page and download
// that shows figures reads them from here; nothing is computed on a visit, and a published month
// never changes, so no sequence of visits, downloads or roles sees two versions of it.
// The one exception is a month published empty: it may be published again once it has records,
// as what it then shows is a first version.
import { createHash } from "node:crypto";
import { isUniqueViolation, prisma } from "~/db.server";
import { monthIndex, monthsBetween } from "~/domain/dashboard-filters";
import { lastPublishableMonth } from "~/domain/publication";
import { PULSE_SHAPE, protectedCells, protectedExposureMonths, pulseMonths } from "~/models/dashboard.server";
import { consecutiveRuns } from "~/models/trend-months.server";
import { EXPOSURE_SHAPE, organisationScope, placeholdersFor, remitScope, type ExposureMonth, type RemitScope } from "~/models/trends.server";
import { ROOT, agencyNode, cellKey, serviceNode, teamNode, typeNode, type CellFigure } from "~/privacy/trend-protection";

/** Researchers see the organisation's figures. */
export const ORGANISATION_AUDIENCE = "organisation";

/**
 * A manager's audience: every team ever put in their remit, archived ones too, so that archiving a
 * team does not start a second publication of the same months. Managers with the same remit share it.
 */
export async function managerAudience(managerId: string) {
  const rows = await prisma.managerRemit.findMany({
    where: { userId: managerId },
    select: { teamId: true },
  });
  return remitAudience(rows.map((row) => row.teamId));
}

const remitAudience = (teamIds: string[]) =>
  `remit:${createHash("sha256")
    .update([...teamIds].sort().join(","))
    .digest("hex")
    .slice(0, 32)}`;

type StoredFigures = {
  cells: [string, number, number][];
  medians: [string, number][];
  distress: [string, number, number][];
  hidden: string[];
};
type StoredPulse = {
  cells: [string, number][];
  means: [string, number][];
  hidden: string[];
};
type StoredScope = { nodes: string[] };

/** The nodes a month was published for: a node the scope has now but did not have then shows nothing. */
const nodesOf = (scope: RemitScope) => [
  ROOT,
  ...scope.structure.scope.services.flatMap((s) => [serviceNode(s.id), ...s.teams.map(teamNode)]),
  ...scope.structure.types.map(typeNode),
  ...scope.structure.agencies.map(agencyNode),
];

/** At most this many months are computed in one go: the size of a dashboard's year and a bit, whose statements are known to fit. */
const MONTHS_AT_ONCE = 12;

/** Months of [from, to] in which any of these teams has an exposure or a check-in answer. */
async function monthsWithRecords(organisationId: string, teamIds: string[], from: string, to: string) {
  if (teamIds.length === 0) return new Set<string>();
  const inTeams = placeholdersFor(teamIds);
  const rows = await prisma.$queryRawUnsafe<{ month: string }[]>(
    `SELECT DISTINCT occurredMonth AS month FROM Exposure WHERE organisationId = ? AND deletedAt IS NULL AND teamId IN (${inTeams}) AND occurredMonth BETWEEN ? AND ?
     UNION SELECT DISTINCT month FROM PulseResponse WHERE organisationId = ? AND teamId IN (${inTeams}) AND month BETWEEN ? AND ?`,
    organisationId,
    ...teamIds,
    from,
    to,
    organisationId,
    ...teamIds,
    from,
    to,
  );
  return new Set(rows.map((row) => row.month));
}

/** Publishes one audience's due months: those never published, and those published empty that now have records. */
async function publishAudience(organisationId: string, audience: string, scope: RemitScope, first: string, last: string, k: number, now: Date) {
  const existing = await prisma.publishedMonth.findMany({
    where: { organisationId, audience },
    select: { month: true, isEmpty: true },
  });
  const published = new Set(existing.filter((row) => !row.isEmpty).map((row) => row.month));
  const publishedEmpty = new Set(existing.filter((row) => row.isEmpty).map((row) => row.month));
  const candidates = monthsBetween(first, last).filter((month) => !published.has(month));
  if (candidates.length === 0) return 0;
  const withRecords = await monthsWithRecords(
    organisationId,
    scope.teams.map((t) => t.id),
    candidates[0]!,
    candidates.at(-1)!,
  );
  const due = candidates.filter((month) => !publishedEmpty.has(month) || withRecords.has(month));
  const storedScope = JSON.stringify({
    nodes: nodesOf(scope),
  } satisfies StoredScope);
  let count = 0;
  for (const [from, to] of consecutiveRuns(due, MONTHS_AT_ONCE)) {
    const [{ figures, hidden }, pulses] = await Promise.all([
      protectedExposureMonths(organisationId, scope, EXPOSURE_SHAPE, from, to, k, now),
      pulseMonths(scope, from, to, k),
    ]);
    for (const month of monthsBetween(from, to)) {
      const monthFigures = figures.get(month);
      const pulse = pulses.get(month);
      const stored: StoredFigures = {
        cells: [...(monthFigures?.cells ?? [])].map(([key, cell]) => [key, cell.value, cell.staff]),
        medians: [...(monthFigures?.medians ?? [])],
        distress: [...(monthFigures?.distress ?? [])].map(([key, sums]) => [key, sums.sum, sums.sumOfSquares]),
        hidden: [...(hidden.get(month) ?? [])],
      };
      const storedPulse: StoredPulse = {
        cells: [...(pulse?.cells ?? [])].map(([key, cell]) => [key, cell.value]),
        means: [...(pulse?.meanOf ?? [])],
        hidden: pulse ? [...protectedCells(scope, PULSE_SHAPE, pulse.cells, k)] : [],
      };
      const isEmpty = !withRecords.has(month);
      const content = {
        isEmpty,
        scope: storedScope,
        figures: JSON.stringify(stored),
        pulse: JSON.stringify(storedPulse),
      };
      // Written once: a second server publishing the same month at the same moment changes nothing,
      // and only a month published empty is ever replaced.
      if (publishedEmpty.has(month)) {
        const replaced = await prisma.publishedMonth.updateMany({
          where: { organisationId, audience, month, isEmpty: true },
          data: {
            ...content,
            version: { increment: 1 },
            publishedAt: new Date(),
          },
        });
        count += replaced.count;
      } else {
        try {
          await prisma.publishedMonth.create({
            data: { organisationId, audience, month, ...content },
          });
          count += 1;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      }
    }
  }
  return count;
}

/**
 * Publishes every month that is due for one organisation, for the organisation and each manager's
 * remit: from the month of its earliest record to the last month that has ended and settled.
 * Returns how many months were published. Run by the server in the background, never on a visit.
 */
export async function publishDueMonths(organisationId: string, now = new Date()) {
  const organisation = await prisma.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: {
      anonymityThreshold: true,
      timeZone: true,
      publicationDelayDays: true,
    },
  });
  const k = organisation.anonymityThreshold;
  const last = lastPublishableMonth(now, organisation.timeZone, organisation.publicationDelayDays);
  const [earliest] = await prisma.$queryRawUnsafe<{ month: string | null }[]>(
    `SELECT MIN(month) AS month FROM (
       SELECT MIN(occurredMonth) AS month FROM Exposure WHERE organisationId = ?
       UNION ALL SELECT MIN(month) FROM PulseResponse WHERE organisationId = ?) firsts`,
    organisationId,
    organisationId,
  );
  // With nothing recorded yet, the last due month is published empty, so that pages can say
  // "nothing recorded" for it and the months before it rather than "not published yet".
  const first = earliest?.month && monthIndex(earliest.month) <= monthIndex(last) ? earliest.month : last;

  const managers = await prisma.user.findMany({
    where: {
      organisationId,
      disabledAt: null,
      roles: { some: { role: "manager" } },
    },
    select: { id: true },
  });
  const audiences = new Map<string, () => Promise<RemitScope>>([[ORGANISATION_AUDIENCE, () => organisationScope(organisationId, k)]]);
  for (const manager of managers) {
    const audience = await managerAudience(manager.id);
    if (!audiences.has(audience)) audiences.set(audience, () => remitScope(manager.id, k));
  }
  let count = 0;
  for (const [audience, scopeOf] of audiences) count += await publishAudience(organisationId, audience, await scopeOf(), first, last, k, now);
  return count;
}

let publishing: Promise<void> | null = null;
const waiting = new Set<string>();

/**
 * Publishes an organisation's due months soon, in the background, after a change that makes some
 * due (an import of past records, a new manager's remit): the request that made it does not wait,
 * and runs never overlap in this process. A failure is logged; the server's hourly run tries again.
 */
export function schedulePublication(organisationId: string) {
  waiting.add(organisationId);
  publishing ??= (async () => {
    for (let next = waiting.values().next(); !next.done; next = waiting.values().next()) {
      waiting.delete(next.value);
      try {
        await publishDueMonths(next.value);
      } catch (error) {
        console.error(`Figures were not published: ${(error as Error).message}`);
      }
    }
  })().finally(() => {
    publishing = null;
  });
}

/** Every organisation's due months, one after another (the server's hourly run and npm run publish). */
export async function publishDueMonthsEverywhere(now = new Date()) {
  const organisations = await prisma.organisation.findMany({
    select: { id: true, name: true },
  });
  const results: {
    organisation: { id: string; name: string };
    published: number;
  }[] = [];
  for (const organisation of organisations)
    results.push({
      organisation,
      published: await publishDueMonths(organisation.id, now),
    });
  return results;
}

export type PublishedMonthFigures = ExposureMonth & {
  hidden: Set<string>;
  nodes: Set<string>;
  publishedAt: Date;
};
export type PublishedPulse = {
  cells: Map<string, CellFigure>;
  meanOf: Map<string, number>;
  hidden: Set<string>;
};

/**
 * What an audience may see of the months [from, to]: the published ones only. A month before the
 * first one published for the audience had no records when it was (the publisher starts at the
 * first month with records), so it reads as zeros; if records for it arrive later, what it then
 * shows is its first version.
 */
export async function publishedFigures(organisationId: string, audience: string, from: string, to: string, range?: PublishedRange) {
  const [rows, { first }] = await Promise.all([
    prisma.publishedMonth.findMany({
      where: { organisationId, audience, month: { gte: from, lte: to } },
      select: { month: true, publishedAt: true, scope: true, figures: true, pulse: true },
    }),
    range ?? publishedRange(organisationId, audience),
  ]);
  const beforeFirst = (month: string) => first !== null && month < first;
  const months = new Map<string, PublishedMonthFigures>();
  const pulses = new Map<string, PublishedPulse>();
  for (const row of rows) {
    const figures = JSON.parse(row.figures) as StoredFigures;
    const pulse = JSON.parse(row.pulse) as StoredPulse;
    months.set(row.month, {
      cells: new Map(figures.cells.map(([key, value, staff]) => [key, { value, staff }])),
      medians: new Map(figures.medians),
      distress: new Map(figures.distress.map(([key, sum, sumOfSquares]) => [key, { sum, sumOfSquares }])),
      hidden: new Set(figures.hidden),
      nodes: new Set((JSON.parse(row.scope) as StoredScope).nodes),
      publishedAt: row.publishedAt,
    });
    if (pulse.cells.length > 0) {
      pulses.set(row.month, {
        cells: new Map(pulse.cells.map(([key, value]) => [key, { value, staff: value }])),
        meanOf: new Map(pulse.means),
        hidden: new Set(pulse.hidden),
      });
    }
  }
  /**
   * A published figure: its value (0 when nothing was recorded), or null when it is withheld, its
   * month is not published yet, or its team or service was not shown on its own when it was.
   */
  const figure = (month: string, node: string, category: string): number | null => {
    const published = months.get(month);
    if (!published) return beforeFirst(month) ? 0 : null;
    if (!published.nodes.has(node)) return null;
    const cell = published.cells.get(cellKey(node, category));
    if (!cell || cell.staff === 0) return 0;
    return published.hidden.has(cellKey(node, category)) ? null : cell.value;
  };
  return { months, pulses, figure, beforeFirst };
}

export type PublishedRange = { first: string | null; last: string | null };

/** The first and the latest month published for an audience (null when none is), in one look-up. */
export async function publishedRange(organisationId: string, audience: string): Promise<PublishedRange> {
  const { _min, _max } = await prisma.publishedMonth.aggregate({ where: { organisationId, audience }, _min: { month: true }, _max: { month: true } });
  return { first: _min.month, last: _max.month };
}
