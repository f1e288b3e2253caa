// Months of trend figures kept in the database between visits (TrendMonthCache), so a page does
// not add up every record of a year each time it opens. A month is computed from the records by
// exposureMonths, exactly as without the cache, and then:
// - stored only if nothing it is computed from changed while it was computed: database triggers
//   raise the month's TrendMonthVersion with every write, by any path, in the same transaction;
// - removed as soon as the version rises (a trigger too), so figures of removed records do not
//   linger in the database;
// - ignored once its next follow-up falls due, as "follow-ups on time" changes with time alone.
// What the privacy engine withholds from a kept month is kept with it (rememberProtection), so the
// first visit after a restart is not a cold one either.
import { createHash } from "node:crypto";
import { prisma } from "~/db.server";
import { setJsonKey } from "~/db/dialect.server";
import { monthIndex, monthsBetween } from "~/domain/dashboard-filters";
import { sqliteTimestamp } from "~/db/write-queue.server";
import { exposureMonths, nearlyCoinciding, type ExposureMonth, type RemitScope } from "~/models/trends.server";

type StoredMonth = {
  cells: [string, number, number][];
  medians: [string, number][];
  distress: [string, number, number][];
  withheld: string[];
};

const stored = (figures: ExposureMonth | undefined, withheld: ReadonlySet<string> | undefined): StoredMonth => ({
  cells: [...(figures?.cells ?? [])].map(([key, cell]) => [key, cell.value, cell.staff]),
  medians: [...(figures?.medians ?? [])],
  distress: [...(figures?.distress ?? [])].map(([key, sums]) => [key, sums.sum, sums.sumOfSquares]),
  withheld: [...(withheld ?? [])],
});

const restored = (month: StoredMonth) => ({
  figures: {
    cells: new Map(month.cells.map(([key, value, staff]) => [key, { value, staff }])),
    medians: new Map(month.medians),
    distress: new Map(month.distress.map(([key, sum, sumOfSquares]) => [key, { sum, sumOfSquares }])),
  } satisfies ExposureMonth,
  withheld: new Set(month.withheld),
});

/** The figures depend on the teams and how they are grouped; what is withheld, on k too. */
const scopeKeyOf = (scope: RemitScope, k: number) =>
  createHash("sha256")
    .update(JSON.stringify([k, scope.teams.map((t) => [t.id, t.service, t.leaf])]))
    .digest("hex");

/** Runs of consecutive months (at most `longest` each), so the months to compute go to the database in as few queries as possible. */
export function consecutiveRuns(months: string[], longest = Infinity) {
  const runs: [string, string][] = [];
  for (const month of months) {
    const last = runs.at(-1);
    if (last && monthIndex(month) === monthIndex(last[1]) + 1 && monthIndex(month) - monthIndex(last[0]) < longest) last[1] = month;
    else runs.push([month, month]);
  }
  return runs;
}

/**
 * The remit's exposure figures and the figures withheld across breakdowns (nearlyCoinciding) for
 * the months [from, to]: from the cache where it holds them, computed and stored otherwise.
 */
export async function trendMonths(organisationId: string, scope: RemitScope, from: string, to: string, k: number, now = new Date()) {
  const months = monthsBetween(from, to);
  const scopeKey = scopeKeyOf(scope, k);
  // The versions are read before anything is computed: a write after this moment raises one.
  const [cachedRows, versionRows] = await Promise.all([
    prisma.$queryRawUnsafe<{ month: string; figures: string; validUntil: string | Date | null; protection: string }[]>(
      "SELECT month, figures, validUntil, protection FROM TrendMonthCache WHERE organisationId = ? AND scopeKey = ? AND month BETWEEN ? AND ?",
      organisationId,
      scopeKey,
      from,
      to,
    ),
    prisma.$queryRawUnsafe<{ month: string; version: bigint | number }[]>(
      "SELECT month, version FROM TrendMonthVersion WHERE organisationId = ? AND month BETWEEN ? AND ?",
      organisationId,
      from,
      to,
    ),
  ]);
  const figures = new Map<string, ExposureMonth>();
  const withheld = new Map<string, Set<string>>();
  const protection = new Map<string, KeptProtection>();
  const rememberProtection = (month: string, key: string, hidden: ReadonlySet<string>) => keepProtection(organisationId, month, scopeKey, key, hidden);
  const fresh = new Set<string>();
  for (const row of cachedRows) {
    if (row.validUntil !== null && new Date(row.validUntil).getTime() <= now.getTime()) continue;
    const month = restored(JSON.parse(row.figures) as StoredMonth);
    if (month.figures.cells.size > 0) figures.set(row.month, month.figures);
    if (month.withheld.size > 0) withheld.set(row.month, month.withheld);
    protection.set(row.month, JSON.parse(row.protection) as KeptProtection);
    fresh.add(row.month);
  }
  const missing = months.filter((month) => !fresh.has(month));
  if (missing.length === 0) return { figures, withheld, protection, rememberProtection };

  const versionOf = new Map(versionRows.map((row) => [row.month, Number(row.version)]));
  for (const [runFrom, runTo] of consecutiveRuns(missing)) {
    const computed = await exposureMonths(organisationId, scope, runFrom, runTo, { now });
    const computedWithheld = await nearlyCoinciding(organisationId, scope, computed, k);
    const nextDue = await prisma.$queryRawUnsafe<{ month: string; due: number }[]>(
      `SELECT x.occurredMonth AS month, MIN(julianday(f.dueAt)) AS due FROM Exposure x JOIN FollowUp f ON f.exposureId = x.id
       WHERE x.organisationId = ? AND x.occurredMonth BETWEEN ? AND ? AND julianday(f.dueAt) > julianday(?) GROUP BY x.occurredMonth`,
      organisationId,
      runFrom,
      runTo,
      sqliteTimestamp(now),
    );
    const validUntil = new Map(nextDue.map((row) => [row.month, new Date((Number(row.due) - 2_440_587.5) * 86_400_000)]));
    for (const [month, monthFigures] of computed) figures.set(month, monthFigures);
    for (const [month, set] of computedWithheld) withheld.set(month, set);
    await storeMonths(
      organisationId,
      scopeKey,
      months.filter((month) => month >= runFrom && month <= runTo),
      (month) => ({ month: stored(computed.get(month), computedWithheld.get(month)), version: versionOf.get(month) ?? 0, validUntil: validUntil.get(month) ?? null }),
    );
  }
  return { figures, withheld, protection, rememberProtection };
}

/** What the privacy engine withheld from a kept month's figures, by the digest of its inputs. */
type KeptProtection = Record<string, string[]>;

/**
 * Keeps what is withheld from a month beside its figures. Keyed by the digest of everything the
 * protection depends on, so if the month was computed again meanwhile the entry only sits unused;
 * if the month has gone, nothing is written. Optional like the rest of the cache.
 */
async function keepProtection(organisationId: string, month: string, scopeKey: string, key: string, hidden: ReadonlySet<string>) {
  try {
    await prisma.$executeRawUnsafe(
      `UPDATE TrendMonthCache SET protection = ${setJsonKey("protection")} WHERE organisationId = ? AND month = ? AND scopeKey = ?`,
      key,
      JSON.stringify([...hidden]),
      organisationId,
      month,
      scopeKey,
    );
  } catch (error) {
    console.warn("What is withheld was not cached:", error instanceof Error ? error.message : error);
  }
}

/** Stores each month unless its version has moved since it was read. The cache is optional: a failure only costs time. */
async function storeMonths(
  organisationId: string,
  scopeKey: string,
  months: string[],
  entry: (month: string) => { month: StoredMonth; version: number; validUntil: Date | null },
) {
  try {
    await prisma.$transaction(
      months.map((month) => {
        const { month: figures, version, validUntil } = entry(month);
        return prisma.$executeRawUnsafe(
          `INSERT INTO TrendMonthCache (organisationId, month, scopeKey, figures, validUntil)
           SELECT ?, ?, ?, ?, ? WHERE COALESCE((SELECT version FROM TrendMonthVersion WHERE organisationId = ? AND month = ?), 0) = ?
           ON CONFLICT (organisationId, month, scopeKey) DO UPDATE SET figures = excluded.figures, validUntil = excluded.validUntil, createdAt = CURRENT_TIMESTAMP`,
          organisationId,
          month,
          scopeKey,
          JSON.stringify(figures),
          validUntil && sqliteTimestamp(validUntil),
          organisationId,
          month,
          version,
        );
      }),
    );
  } catch (error) {
    console.warn("Trend figures were not cached:", error instanceof Error ? error.message : error);
  }
}
