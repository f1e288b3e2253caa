// Times the import of a spreadsheet into a database, in a process of its own, as `npm run import`
// does it: the check of every row (what the dry run shows), then the write. Prints one JSON line.
// Usage: node --import tsx bench/import-worker.ts <db file> <csv file>
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";

export type ImportMeasure = { rows: number; imported: number; checkMs: number; writeMs: number; totalMs: number; peakRssMb: number; exposuresAdded: number };

export async function measureImport(databaseFile: string, csvFile: string): Promise<ImportMeasure> {
  process.env.DATABASE_URL = `file:${databaseFile}`;
  const { prisma, databaseReady } = await import("../app/db.server");
  const { analyseImport, runImport } = await import("../app/models/import.server");
  await databaseReady();
  const organisation = await prisma.organisation.findFirstOrThrow();
  const raw = new Database(databaseFile, { readonly: true });
  const exposures = () => Number(raw.prepare("SELECT count(*) FROM Exposure").pluck().get());
  const before = exposures();

  const started = performance.now();
  const text = readFileSync(csvFile, "utf8");
  const analysis = await analyseImport({ organisationId: organisation.id, timeZone: organisation.timeZone, text, mapping: { team: {}, incidentType: {}, initiative: {} } });
  const checked = performance.now();
  if (analysis.kind !== "analysed") throw new Error(`The file could not be read: ${analysis.problems.join("; ")}`);
  if (analysis.counts.rejected > 0) throw new Error(`${analysis.counts.rejected} rows were rejected, for example: ${analysis.rows.find((r) => r.status === "rejected")!.reasons.join("; ")}`);
  const result = await runImport({ organisationId: organisation.id, timeZone: organisation.timeZone, analysis, fileName: "bench.csv", validOnly: false, runById: null });
  const written = performance.now();
  const measured = {
    rows: analysis.rows.length,
    imported: result.imported,
    checkMs: Math.round(checked - started),
    writeMs: Math.round(written - checked),
    totalMs: Math.round(written - started),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    exposuresAdded: exposures() - before,
  };
  raw.close();
  await prisma.$disconnect();
  return measured;
}

if (process.argv[1]?.endsWith("import-worker.ts")) {
  const [databaseFile, csvFile] = process.argv.slice(2);
  measureImport(databaseFile!, csvFile!).then(
    (measured) => console.log(JSON.stringify(measured)),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
