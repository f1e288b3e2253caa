// The retention rule, now, for every organisation (the server also runs it daily):
//   npm run retention [-- --dry-run]
// Records older than the organisation's retention period lose their notes; staff members with no
// record inside it are anonymised. It prints what it did, or with --dry-run what it would do.
import { parseArgs } from "node:util";
import { checkedDatabase, reportDatabaseFailuresPlainly } from "./command";

const { values } = parseArgs({ options: { "dry-run": { type: "boolean", default: false } } });
const dryRun = values["dry-run"];

reportDatabaseFailuresPlainly("retention");
await checkedDatabase("retention", { readsOnly: dryRun, needsCurrentSchema: true });
const { applyRetentionEverywhere } = await import("../../app/models/retention.server");
const { prisma } = await import("../../app/db.server");
try {
  const reports = await applyRetentionEverywhere({ dryRun });
  if (reports.length === 0) console.log("No organisations yet: nothing to do.");
  for (const report of reports) {
    console.log(`${report.organisation.name}: retention period ${report.retentionMonths} months, so records before ${report.cutoff.toISOString().slice(0, 10)}.`);
    console.log(`  ${dryRun ? "Would remove" : "Removed"} the notes of ${report.notesRemoved} exposures and support contacts.`);
    console.log(`  ${dryRun ? "Would anonymise" : "Anonymised"} ${report.staffAnonymised} staff members (reference, name and case holders removed; ${report.followUpsClosed} open follow-ups closed).`);
    if (report.notesRemoved + report.staffAnonymised === 0) console.log("  Nothing to change.");
  }
  if (dryRun) console.log("Dry run: nothing was changed.");
} finally {
  await prisma.$disconnect();
}
