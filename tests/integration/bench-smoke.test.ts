// The benchmark's harness on a small organisation (npm test never runs the full benchmark): the
// generator, the three ways of computing the dashboard's figures, which must agree exactly, the
// loader, the saving load against the app and the floor, and the import of a spreadsheet.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, test } from "vitest";
import { importFile } from "../../bench/import-file";
import type { ImportMeasure } from "../../bench/import-worker";
import { measureDashboard, type MeasureResult } from "../../bench/dashboard-worker";
import { benchSaving } from "../../bench/saves";
import { ORGANISATION_WIDE_MANAGER, TEN_TEAM_MANAGER, syntheticOrganisation } from "../../bench/synthetic-organisation";
import { monthKey } from "../../app/utils/time";
import { copyOfTemplate } from "../support/database";
import { projectRoot } from "../support/paths";

const SMOKE = { staff: 400, teams: 30, years: 5, exposures: 10_000, lastMonth: monthKey(new Date(), "Europe/London"), seed: 1 };

describe("benchmark smoke run", () => {
  test("loader queries, raw scan and naive findMany give identical figures; the loader answers, and a 'save' is undone", { timeout: 300_000 }, async () => {
    const file = await syntheticOrganisation(SMOKE);
    const now = new Date();
    let first: string | null = null;
    for (const manager of [ORGANISATION_WIDE_MANAGER, TEN_TEAM_MANAGER]) {
      const results: MeasureResult[] = [];
      for (const measure of ["figures", "scan", "naive"] as const) results.push(await measureDashboard(file, manager, measure, 1, now));
      expect(results[0]!.exposuresInPeriod).toBeGreaterThan(1000);
      expect(results.map((r) => r.figuresDigest)).toEqual(Array(3).fill(results[0]!.figuresDigest));
      first ??= results[0]!.figuresDigest;
    }
    // The loader, cold and again, and after a save in the current month (which the worker undoes).
    for (const measure of ["loader", "loaderAfterSave"] as const) {
      const loader = await measureDashboard(file, ORGANISATION_WIDE_MANAGER, measure, 2, now);
      expect(loader.runs).toBe(2);
      expect(loader.csvRows).toBeGreaterThan(12);
    }
    const again = await measureDashboard(file, ORGANISATION_WIDE_MANAGER, "figures", 1, now);
    expect(again.figuresDigest).toBe(first);
  });

  test("the saving load acknowledges only durable saves, on the app and the floor; page weights are read", { timeout: 300_000 }, async () => {
    const { saving, pages } = await benchSaving({ seconds: 2, connections: 5, demoTemplate: inject("demoTemplate") });
    for (const side of [saving.app, saving.floor]) {
      expect(side.acknowledged).toBeGreaterThan(0);
      expect(side.errors).toBe(0);
      expect(side.lost).toBe(0);
    }
    expect(saving.serverPeakRssMb).toBeGreaterThan(20);
    expect(pages.map((p) => p.javascriptGzipBytes > 10_000 && p.cssGzipBytes > 1_000)).toEqual([true, true]);
    // The dashboard downloads Chart.js, which counts, and not the framework, which the form needs.
    expect(pages[1]!.javascriptGzipBytes).toBeGreaterThan(40_000);
    expect(pages[1]!.javascriptGzipBytes).toBeLessThan(pages[0]!.javascriptGzipBytes);
  });

  test("the generated spreadsheet imports every row, timed in a process of its own", { timeout: 300_000 }, async () => {
    const db = copyOfTemplate(inject("demoTemplate"), "bench-import");
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "bench/import-worker.ts", db.file, importFile(2_000)], { cwd: projectRoot });
      const measured = JSON.parse(stdout.trim()) as ImportMeasure;
      expect(measured).toMatchObject({ rows: 2_000, imported: 2_000, exposuresAdded: 2_000 });
      expect(measured.totalMs).toBeGreaterThanOrEqual(measured.checkMs + measured.writeMs - 1);
    } finally {
      db.remove();
    }
  });
});
