// A realistic spreadsheet of past TRiM records, as a new service would bring in: every team has
// exposures every month, each with a first support contact, and where an initiative runs the
// distress at that contact falls and information reaches staff more often after it starts.
// Deterministic (a seeded generator), so a failing test can be run again on the same file.
import { IMPORT_COLUMNS } from "~/domain/import-columns";
import { monthIndex, monthOf } from "~/domain/dashboard-filters";

export type HistoryTeam = { name: string; prefix: string; staff: number; covered: boolean };

/** mulberry32: a small seeded generator, enough for test data. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INCIDENTS = ["Fatality, including suicide", "Serious injury or road traffic collision", "Violence or threat to staff", "Distressing call", "Other"];
const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * One row per exposure for `rowsPerTeamMonth` exposures of each team in each of the months from
 * `firstMonth` to `lastMonth` (a staff member picked at random from the team), with a first contact
 * the next day. `initiativeStart` ("YYYY-MM") is when the covered teams' distress falls.
 */
export function historyFile(input: { teams: HistoryTeam[]; firstMonth: string; lastMonth: string; initiativeStart: string; rowsPerTeamMonth: number; seed?: number }) {
  const random = generator(input.seed ?? 26);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const header = IMPORT_COLUMNS.map((c) => c.header);
  const rows: string[][] = [];
  for (let index = monthIndex(input.firstMonth); index <= monthIndex(input.lastMonth); index += 1) {
    const month = monthOf(index);
    const [year, monthNumber] = month.split("-");
    const after = month >= input.initiativeStart;
    for (const team of input.teams) {
      for (let n = 0; n < input.rowsPerTeamMonth; n += 1) {
        const day = between(1, 26);
        const helped = team.covered && after;
        const distress = Math.max(0, Math.min(10, between(4, 8) - (helped ? 2 : 0)));
        const values: Record<string, string> = {
          "Staff reference": `${team.prefix}-${String(between(1, team.staff)).padStart(3, "0")}`,
          Team: team.name,
          "Exposure date": `${String(day).padStart(2, "0")}/${monthNumber}/${year} 14:00`,
          "Incident type": INCIDENTS[between(0, INCIDENTS.length - 1)]!,
          Involvement: "attended",
          "Partner agencies": "Police; Ambulance service",
          "Information reached": String(helped ? between(3, 5) : between(1, 4)),
          Barriers: "",
          Initiative: "",
          "Initial distress": String(Math.min(10, distress + 1)),
          Notes: "",
          "First contact type": "defusing",
          "First contact date": `${String(day + 1).padStart(2, "0")}/${monthNumber}/${year} 10:00`,
          "First contact distress": String(distress),
          "First contact outcome": "no further action",
        };
        rows.push(header.map((column) => values[column] ?? ""));
      }
    }
  }
  return { header, rows, text: (extra: string[][] = []) => [header, ...rows, ...extra].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n" };
}
