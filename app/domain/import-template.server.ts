// The downloadable import template, written as every CSV file of Debrief is (server only: the CSV
// writer is not for the browser, where the import screen shows the same columns).
import { IMPORT_COLUMNS } from "~/domain/import-columns";
import { toCsv } from "~/utils/csv.server";

/** The header row and one example row. */
export function templateCsv() {
  const example = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.header, c.example]));
  return toCsv([example], IMPORT_COLUMNS.map((c) => c.header), { windowsLineEnds: true });
}
