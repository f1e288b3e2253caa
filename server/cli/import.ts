// Import past records from a CSV file, as the admin screen does:
//   npm run import -- <file.csv> [--dry-run] [--valid-only] [--identical-as-one | --identical-separate] [--map "team:Resp North=<team id>"]... [--organisation <id>]
// Without --dry-run it imports only when every name is known or mapped and no row is rejected
// (or --valid-only is given). It prints what it did, or would do, and the reasons for each rejected row.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { checkedDatabase, reportDatabaseFailuresPlainly } from "./command";
import { countOf } from "../../app/utils/plural";

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "dry-run": { type: "boolean", default: false },
    "valid-only": { type: "boolean", default: false },
    "identical-as-one": { type: "boolean", default: false },
    "identical-separate": { type: "boolean", default: false },
    map: { type: "string", multiple: true, default: [] },
    organisation: { type: "string" },
  },
});
const file = positionals[0];
if (!file) fail("give the CSV file: npm run import -- records.csv [--dry-run]");
if (values["identical-as-one"] && values["identical-separate"]) fail("choose one of --identical-as-one and --identical-separate");
let text: string;
try {
  text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
} catch (error) {
  fail(error instanceof TypeError ? `${file} is not UTF-8 text: save it as "CSV UTF-8"` : `cannot read ${file}: ${(error as Error).message}`);
}

// The database is checked (and loaded) after the arguments, so a usage mistake needs no database.
reportDatabaseFailuresPlainly("import");
await checkedDatabase("import", { readsOnly: values["dry-run"], needsCurrentSchema: true });
const { prisma } = await import("../../app/db.server");
const { analyseImport, runImport, mappingFrom, ImportRefused } = await import("../../app/models/import.server");
const { recordAudit } = await import("../../app/models/audit.server");
const { describeIdenticalLines } = await import("../../app/domain/import-columns");

const organisations = await prisma.organisation.findMany({ select: { id: true, name: true, timeZone: true } });
const organisation = values.organisation ? organisations.find((o) => o.id === values.organisation) : organisations.length === 1 ? organisations[0] : undefined;
if (!organisation) fail(`choose the organisation with --organisation, one of: ${organisations.map((o) => `${o.id} (${o.name})`).join(", ") || "none yet"}`);

const mapping = mappingFrom(
  new URLSearchParams([
    ...values.map.map((choice): [string, string] => {
      const at = choice.lastIndexOf("=");
      if (at < 0) fail(`--map "${choice}" needs the form kind:name=choice, for example "team:Resp North=<team id>"`);
      return [choice.slice(0, at), choice.slice(at + 1)];
    }),
    // Without either flag, identical rows are as many records unless an earlier import made them one.
    ...(values["identical-as-one"] ? [["identical", "one"] as [string, string]] : values["identical-separate"] ? [["identical", "separate"] as [string, string]] : []),
  ]),
);
const analysis = await analyseImport({ organisationId: organisation.id, timeZone: organisation.timeZone, text, mapping });
if (analysis.kind === "unreadable") fail(analysis.problems.join("\n"));

const { counts, toMap } = analysis;
console.log(`${path.basename(file)}: ${analysis.rows.length} rows`);
console.log(analysis.columns.map((c) => `  ${c.header} → ${c.field ?? "ignored"}`).join("\n"));
for (const [kind, names] of Object.entries(toMap)) {
  for (const { name, chosen } of names) console.log(`  ${kind} "${name}": ${chosen ?? `not known; map it with --map "${kind}:${name}=<choice>"`}`);
}
for (const row of analysis.rows.filter((r) => r.status === "rejected")) console.log(`  line ${row.line}: ${row.reasons.join(". ")}`);
for (const lines of analysis.identical) {
  const why = analysis.identicalAsBefore ? " (as an earlier import of them did; --identical-separate imports each)" : analysis.identicalAsOne ? "" : " (--identical-as-one imports them once)";
  console.log(`  ${describeIdenticalLines(lines, analysis.identicalAsOne)}${why}`);
}
console.log(`${counts.ok} to import, ${counts.rejected} rejected, ${counts.duplicate} already in Debrief or repeated`);

if (values["dry-run"]) {
  console.log("Dry run: nothing was changed.");
} else {
  const bar = new SingleBar({ format: "Importing [{bar}] {value}/{total} rows", hideCursor: true }, Presets.shades_classic);
  try {
    bar.start(counts.ok, 0);
    const result = await runImport({
      organisationId: organisation.id,
      timeZone: organisation.timeZone,
      analysis,
      fileName: path.basename(file),
      validOnly: values["valid-only"],
      runById: null,
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    await recordAudit({ action: "import.run", organisationId: organisation.id, entityType: "import", entityId: result.batchId, detail: { file: path.basename(file), imported: result.imported, skipped: result.skipped, via: "command line" } });
    console.log(`Imported ${countOf(result.imported, "row")} (import ${result.batchId}; undo it on the admin screen "Import records").`);
    // The past months it filled are published now, as a running server would within the hour.
    const { publishDueMonths } = await import("../../app/models/publication.server");
    const published = await publishDueMonths(organisation.id);
    if (published > 0) console.log(`Published the figures of ${countOf(published, "month")}.`);
  } catch (error) {
    bar.stop();
    if (error instanceof ImportRefused) fail(`nothing was imported: ${error.message}`);
    throw error;
  }
}
await prisma.$disconnect();
