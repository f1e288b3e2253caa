// Times one way of producing the dashboard on one database, in a process of its own (the app's
// Prisma client is bound to DATABASE_URL when it is first imported, and a way that takes too
// long can be stopped from outside):
//   loader  - the real manager dashboard loader: every panel, default filters, reading the published
//             figures; before it, every due month is published afresh (timed as publishMs), as the
//             server does in the background; the first run cold (a new process), the rest as a
//             manager opening it again;
//   loaderAfterSave - the same, each run after a record of the current month changed (a save): the
//             published figures do not change, so a visit right after a save costs the same;
//   figures - the loader's aggregate queries alone (exposureMonths through Prisma);
//   scan    - the same aggregates by hand-written SQL over the raw records, through better-sqlite3;
//   naive   - findMany of the records and counting in JavaScript.
// Prints one JSON line with the times and a digest of the figures, so the runs can be compared.
// Usage: tsx bench/dashboard-worker.ts <db file> <manager id> <loader|figures|scan|naive> <repeats>
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";

export type DashboardMeasure = "loader" | "loaderAfterSave" | "figures" | "scan" | "naive";
export type MeasureResult = {
  measure: DashboardMeasure;
  /** milliseconds of the first run, and the median of all runs */
  firstMs: number;
  medianMs: number;
  runs: number;
  /** SHA-256 of the canonical figures (not for the loader, whose output is protected figures) */
  figuresDigest: string | null;
  exposuresInPeriod: number;
  period: { from: string; to: string };
  csvRows?: number;
  /** loader measures: milliseconds to publish every due month, for every audience, from nothing */
  publishMs?: number;
};

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function measureDashboard(file: string, managerId: string, measure: DashboardMeasure, repeats: number, now = new Date()): Promise<MeasureResult> {
  process.env.DATABASE_URL = `file:${file}`;
  const { prisma, databaseReady } = await import("../app/db.server");
  const { loadDashboard, dashboardRows } = await import("../app/models/dashboard.server");
  const { publishDueMonths } = await import("../app/models/publication.server");
  const { exposureMonths, remitScope } = await import("../app/models/trends.server");
  const { defaultPeriod } = await import("../app/domain/dashboard-filters");
  const { monthKey } = await import("../app/utils/time");
  const { canonicalFigures, naiveExposureMonths } = await import("./naive-figures");
  await databaseReady();

  const manager = await prisma.user.findUniqueOrThrow({ where: { id: managerId }, include: { organisation: true, roles: true } });
  const user = {
    ...manager,
    roles: manager.roles.map((r) => r.role) as ("manager" | "admin" | "supporter" | "researcher")[],
  };
  const { from, to } = defaultPeriod(monthKey(now, manager.organisation.timeZone));
  const raw = new Database(file, { readonly: true });
  const exposuresInPeriod = Number(
    (raw.prepare("SELECT COUNT(*) AS n FROM Exposure WHERE organisationId = ? AND deletedAt IS NULL AND occurredMonth BETWEEN ? AND ?").get(manager.organisationId, from, to) as { n: number }).n,
  );
  const k = manager.organisation.anonymityThreshold;
  const isLoader = measure === "loader" || measure === "loaderAfterSave";
  const scope = isLoader ? null : await remitScope(manager.id, k);
  const query = async (sql: string, params: unknown[]) => raw.prepare(sql).all(...params) as Record<string, string | number | null>[];
  const writable = new Database(file);
  // Published from nothing (no month kept by an earlier run either), then visited.
  let publishMs: number | undefined;
  if (isLoader) {
    writable.prepare("DELETE FROM TrendMonthCache").run();
    writable.prepare("DELETE FROM PublishedMonth").run();
    const started = performance.now();
    await publishDueMonths(manager.organisationId, now);
    publishMs = performance.now() - started;
  }
  // A "save": one record of the current month passes to a person with none that month, a new
  // one each run, so the month's figures and the people behind them change; undone at the end.
  const moved = measure === "loaderAfterSave" ? saveInCurrentMonth(writable, manager.organisationId, to) : null;

  const once = async (): Promise<{ digest: string | null; csvRows?: number }> => {
    if (isLoader) {
      const loaded = await loadDashboard(new Request("http://bench.local/dashboard"), user);
      return { digest: null, csvRows: dashboardRows(loaded.data).length };
    }
    const figures =
      measure === "figures"
        ? await exposureMonths(manager.organisationId, scope!, from, to, { now })
        : measure === "scan"
          ? await exposureMonths(manager.organisationId, scope!, from, to, { now, query })
          : await naiveExposureMonths(prisma, manager.organisationId, scope!, from, to, now);
    return { digest: createHash("sha256").update(canonicalFigures(figures)).digest("hex") };
  };

  const times: number[] = [];
  let result: { digest: string | null; csvRows?: number } = { digest: null };
  // Three runs at least, so the median is never the cold first run; more while they fit in a minute.
  const budgetEnds = performance.now() + 60_000;
  const atLeast = Math.min(3, Math.max(1, repeats));
  for (let i = 0; i < Math.max(1, repeats) && (i < atLeast || performance.now() < budgetEnds); i += 1) {
    if (i > 0) moved?.next();
    const started = performance.now();
    result = await once();
    times.push(performance.now() - started);
  }
  moved?.undo();
  writable.close();
  raw.close();
  await prisma.$disconnect();
  return { measure, firstMs: times[0]!, medianMs: median(times), runs: times.length, figuresDigest: result.digest, exposuresInPeriod, period: { from, to }, csvRows: result.csvRows, publishMs };
}

/** Moves one record of `month` to another person with no record that month, a different one each time; `undo` moves it back. */
function saveInCurrentMonth(db: Database.Database, organisationId: string, month: string) {
  const record = db.prepare("SELECT id, staffMemberId FROM Exposure WHERE organisationId = ? AND occurredMonth = ? AND deletedAt IS NULL ORDER BY id DESC LIMIT 1").get(organisationId, month) as {
    id: number;
    staffMemberId: string;
  };
  const others = db
    .prepare("SELECT id FROM StaffMember s WHERE organisationId = ? AND NOT EXISTS (SELECT 1 FROM Exposure e WHERE e.staffMemberId = s.id AND e.occurredMonth = ?) ORDER BY id LIMIT 20")
    .pluck()
    .all(organisationId, month) as string[];
  const moveTo = db.prepare("UPDATE Exposure SET staffMemberId = ? WHERE id = ?");
  let next = 0;
  return {
    next: () => moveTo.run(others[next++ % others.length], record.id),
    undo: () => moveTo.run(record.staffMemberId, record.id),
  };
}

if (process.argv[1]?.endsWith("dashboard-worker.ts")) {
  const [file, manager, measure, repeats, now] = process.argv.slice(2);
  const result = await measureDashboard(file!, manager!, measure as DashboardMeasure, Number(repeats ?? 5), now ? new Date(now) : undefined);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
