// npm run bench: the dashboard and saving, each beside the limit of the engine and the naive
// pattern, in one run; page weight and server memory. Writes bench/results.json and prints a table.
// and the import of past records from a spreadsheet.
// Options: --smoke (a 10,000-exposure organisation, a short save test, a 5,000-row import),
// --skip-saving, --skip-dashboard, --skip-import, --skip-import-load (the caseload while the largest file is checked).
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { monthKey } from "../app/utils/time";
import type { MeasureResult } from "./dashboard-worker";
import { importFile } from "./import-file";
import type { ImportMeasure } from "./import-worker";
import type { ImportCheckLoad } from "./import-check-load";
import { benchSaving, demoDatabase } from "./saves";
import { ORGANISATION_WIDE_MANAGER, TEN_TEAM_MANAGER, projectRoot, syntheticOrganisation, type OrganisationParameters } from "./synthetic-organisation";

const run = promisify(execFile);
const args = new Set(process.argv.slice(2));
const smoke = args.has("--smoke");
/** A way of producing the dashboard still running after this long is stopped and reported as such. */
const MEASURE_LIMIT_MS = Number(process.env.BENCH_MEASURE_LIMIT_MS ?? 300_000);

const lastMonth = monthKey(new Date(), "Europe/London");
const organisations: OrganisationParameters[] = smoke
  ? [{ staff: 400, teams: 30, years: 5, exposures: 10_000, lastMonth, seed: 1 }]
  : [
      { staff: 10_000, teams: 300, years: 5, exposures: 100_000, lastMonth, seed: 1 },
      { staff: 10_000, teams: 300, years: 5, exposures: 1_000_000, lastMonth, seed: 1 },
    ];
const remits = [
  { name: "organisation-wide", manager: ORGANISATION_WIDE_MANAGER },
  { name: "ten teams", manager: TEN_TEAM_MANAGER },
];
// The loaders first: a "save" is undone before the figures are compared.
const measures = ["loader", "loaderAfterSave", "figures", "scan", "naive"] as const;

type Outcome = MeasureResult | { measure: string; stoppedAfterMs: number } | { measure: string; failed: string };

/** One measure in a process of its own, stopped if it runs past the limit. */
async function measure(file: string, manager: string, name: string, now: Date): Promise<Outcome> {
  try {
    // Node itself with tsx loaded, not the tsx wrapper: stopping the wrapper would leave Node running.
    const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/dashboard-worker.ts", file, manager, name, "5", now.toISOString()], {
      cwd: projectRoot,
      timeout: MEASURE_LIMIT_MS,
      killSignal: "SIGKILL",
      maxBuffer: 10_000_000,
    });
    return JSON.parse(stdout.trim().split("\n").at(-1)!) as MeasureResult;
  } catch (error) {
    const failure = error as { killed?: boolean; stderr?: string; message: string };
    if (failure.killed) return { measure: name, stoppedAfterMs: MEASURE_LIMIT_MS };
    return { measure: name, failed: (failure.stderr || failure.message).split("\n").slice(-5).join(" ") };
  }
}

const ms = (outcome: Outcome | undefined) => (outcome && "medianMs" in outcome ? outcome.medianMs : null);
const ratio = (a: number | null, b: number | null) => (a === null || b === null ? null : a / b);
const shown = (value: number | null, digits = 0) => (value === null ? "—" : value.toFixed(digits));

async function main() {
  const started = Date.now();
  const file = path.join(projectRoot, "bench", smoke ? "results-smoke.json" : "results.json");
  // A part skipped this time keeps its figures from the last run.
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  const results: Record<string, unknown> = {
    ...previous,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    smoke,
    measureLimitMs: MEASURE_LIMIT_MS,
  };

  if (!args.has("--skip-dashboard")) {
    const now = new Date();
    const dashboard: Record<string, unknown>[] = [];
    for (const parameters of organisations) {
      console.log(`Organisation of ${parameters.exposures.toLocaleString("en-GB")} exposures (cached after the first run):`);
      const file = await syntheticOrganisation(parameters, { progress: true });
      for (const remit of remits) {
        const outcomes: Record<string, Outcome> = {};
        for (const name of measures) {
          process.stdout.write(`  ${remit.name}: ${name}… `);
          outcomes[name] = await measure(file, remit.manager, name, now);
          const outcome = outcomes[name];
          const published = "publishMs" in outcome && outcome.publishMs !== undefined ? ` (after publishing every due month in ${(outcome.publishMs / 1000).toFixed(1)} s)` : "";
          console.log("medianMs" in outcome ? `${outcome.medianMs.toFixed(0)} ms${published}` : "stoppedAfterMs" in outcome ? `stopped after ${outcome.stoppedAfterMs / 1000} s` : `failed: ${outcome.failed}`);
        }
        const digests = ["figures", "scan", "naive"].map((name) => outcomes[name]).filter((o): o is MeasureResult => !!o && "figuresDigest" in o).map((o) => o.figuresDigest);
        dashboard.push({
          exposures: parameters.exposures,
          remit: remit.name,
          exposuresInPeriod: Object.values(outcomes).find((o): o is MeasureResult => "exposuresInPeriod" in o)?.exposuresInPeriod ?? null,
          outcomes,
          figuresAgree: digests.length >= 2 ? new Set(digests).size === 1 : null,
          figuresCompared: digests.length,
          loaderToScan: ratio(ms(outcomes.loader), ms(outcomes.scan)),
          naiveToLoader: ratio(ms(outcomes.naive), ms(outcomes.loader)),
          loaderAfterSaveToScan: ratio(ms(outcomes.loaderAfterSave), ms(outcomes.scan)),
          naiveToLoaderAfterSave: ratio(ms(outcomes.naive), ms(outcomes.loaderAfterSave)),
        });
      }
    }
    const growth = (remit: string, measure: "loader" | "loaderAfterSave") => {
      const [small, large] = organisations.map((o) => dashboard.find((d) => d.exposures === o.exposures && d.remit === remit));
      return small && large ? ratio(ms((large.outcomes as Record<string, Outcome>)[measure]), ms((small.outcomes as Record<string, Outcome>)[measure])) : null;
    };
    results.dashboard = dashboard;
    results.dashboardMeasuredAt = new Date().toISOString();
    results.dashboardGrowth = Object.fromEntries(remits.map((r) => [r.name, organisations.length > 1 ? growth(r.name, "loader") : null]));
    results.dashboardGrowthAfterSave = Object.fromEntries(remits.map((r) => [r.name, organisations.length > 1 ? growth(r.name, "loaderAfterSave") : null]));
  }

  if (!args.has("--skip-saving")) {
    console.log("Saving: 50 clients posting the log-exposure form, then the same against the floor…");
    const { saving, pages } = await benchSaving({ seconds: smoke ? 3 : 20, connections: 50 });
    results.saving = saving;
    results.pageWeight = pages;
    results.savingMeasuredAt = new Date().toISOString();
  }
  if (!args.has("--skip-import")) {
    const rows = smoke ? 5_000 : 100_000;
    console.log(`Import: a spreadsheet of ${rows.toLocaleString("en-GB")} past records into a copy of the demo…`);
    const csv = importFile(rows);
    const database = await demoDatabase();
    try {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/import-worker.ts", database.file, csv], { cwd: projectRoot, maxBuffer: 1 << 20 });
      results.import = JSON.parse(stdout.trim().split("\n").at(-1)!) as ImportMeasure;
      results.importMeasuredAt = new Date().toISOString();
    } finally {
      database.remove();
    }
  }
  if (!args.has("--skip-import-load")) {
    // The largest file allowed, checked in the built server while a supporter's caseload is asked for.
    const rows = smoke ? 5_000 : 100_000;
    console.log(`The caseload while a file of ${rows.toLocaleString("en-GB")} rows is checked…`);
    const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/import-check-load.ts", importFile(rows)], { cwd: projectRoot, maxBuffer: 1 << 20 });
    results.importCheckLoad = JSON.parse(stdout.trim().split("\n").at(-1)!) as ImportCheckLoad;
    results.importCheckLoadMeasuredAt = new Date().toISOString();
  }
  results.tookSeconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

function printTable(results: Record<string, unknown>) {
  const dashboard = (results.dashboard ?? []) as {
    exposures: number;
    remit: string;
    outcomes: Record<string, Outcome>;
    figuresAgree: boolean | null;
    loaderToScan: number | null;
    naiveToLoader: number | null;
    loaderAfterSaveToScan?: number | null;
  }[];
  if (dashboard.length > 0) {
    const cell = (o: Outcome | undefined) => (!o ? "—" : "medianMs" in o ? `${o.medianMs.toFixed(0)} ms` : "stoppedAfterMs" in o ? `> ${o.stoppedAfterMs / 1000} s` : "failed");
    console.table(
      dashboard.map((d) => ({
        exposures: d.exposures.toLocaleString("en-GB"),
        remit: d.remit,
        loader: cell(d.outcomes.loader),
        "after a save": cell(d.outcomes.loaderAfterSave),
        "loader's queries": cell(d.outcomes.figures),
        scan: cell(d.outcomes.scan),
        naive: cell(d.outcomes.naive),
        "loader/scan": shown(d.loaderToScan, 2),
        "naive/loader": shown(d.naiveToLoader, 1),
        "after a save/scan": shown(d.loaderAfterSaveToScan ?? null, 2),
        "figures agree": d.figuresAgree === null ? "—" : d.figuresAgree ? "yes" : "NO",
      })),
    );
    console.log("Growth of the loader from the smaller to the larger organisation:", results.dashboardGrowth, "after a save:", results.dashboardGrowthAfterSave);
  }
  const imported = results.import as ImportMeasure | undefined;
  if (imported) {
    console.table({
      import: {
        rows: imported.rows.toLocaleString("en-GB"),
        "check (dry run)": `${(imported.checkMs / 1000).toFixed(1)} s`,
        write: `${(imported.writeMs / 1000).toFixed(1)} s`,
        total: `${(imported.totalMs / 1000).toFixed(1)} s`,
        "peak RSS": `${imported.peakRssMb} MB`,
        "rows added": imported.exposuresAdded.toLocaleString("en-GB"),
      },
    });
  }
  const checkLoad = results.importCheckLoad as ImportCheckLoad | undefined;
  if (checkLoad) {
    console.table({
      quiet: { ...checkLoad.quiet },
      [`while ${checkLoad.rows.toLocaleString("en-GB")} rows are checked (${checkLoad.checkSeconds} s)`]: { ...checkLoad.whileChecking },
    });
  }
  const saving = results.saving as Awaited<ReturnType<typeof benchSaving>>["saving"] | undefined;
  if (saving) {
    console.table({
      app: { "saves/s": saving.app.savesPerSecond.toFixed(0), "p50 ms": saving.app.p50Ms, "p99 ms": saving.app.p99Ms, errors: saving.app.errors, lost: saving.app.lost },
      floor: { "saves/s": saving.floor.savesPerSecond.toFixed(0), "p50 ms": saving.floor.p50Ms, "p99 ms": saving.floor.p99Ms, errors: saving.floor.errors, lost: saving.floor.lost },
    });
    console.log(`App/floor: ${saving.appToFloor.toFixed(3)}; server peak RSS ${saving.serverPeakRssMb.toFixed(0)} MB`);
    console.table(results.pageWeight);
  }
}

await main();
