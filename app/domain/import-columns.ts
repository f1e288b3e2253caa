// The documented columns of an import file, for the import screen, the template and the reader.
import { BARRIERS, CONTACT_TYPES, INCIDENT_TYPES, INVOLVEMENTS, OUTCOMES, PARTNER_AGENCIES } from "~/domain/vocabulary";

export type ImportField =
  | "staffReference"
  | "team"
  | "exposureDate"
  | "incidentType"
  | "involvement"
  | "partnerAgencies"
  | "informationReached"
  | "barriers"
  | "initiative"
  | "initialDistress"
  | "notes"
  | "contactType"
  | "contactDate"
  | "contactDistress"
  | "contactOutcome";

export type ImportColumn = { field: ImportField; header: string; aliases: string[]; required: boolean; description: string; example: string };

export const IMPORT_COLUMNS: ImportColumn[] = [
  { field: "staffReference", header: "Staff reference", aliases: ["reference", "staff ref", "staff id", "ref"], required: true, description: "The staff member's pseudonymous reference (never a name). A new reference adds a staff member to the row's team.", example: "NP-1042" },
  { field: "team", header: "Team", aliases: ["team name"], required: true, description: "The team's name as in Debrief; other names are mapped before importing.", example: "Response Team North" },
  { field: "exposureDate", header: "Exposure date", aliases: ["date", "incident date", "date of incident", "occurred"], required: true, description: "Day of the incident, as 31/01/2025 or 2025-01-31, optionally with a time (14:30).", example: "31/01/2025" },
  { field: "incidentType", header: "Incident type", aliases: ["type", "incident"], required: true, description: `One of: ${Object.values(INCIDENT_TYPES).join("; ")}. Other wording is mapped before importing.`, example: INCIDENT_TYPES.fatality },
  { field: "involvement", header: "Involvement", aliases: ["role", "how involved"], required: true, description: `One of: ${Object.values(INVOLVEMENTS).join("; ")} (or attended, remote, supervising).`, example: "attended" },
  { field: "partnerAgencies", header: "Partner agencies", aliases: ["agencies", "partners"], required: false, description: `Separated by semicolons, from: ${Object.values(PARTNER_AGENCIES).join("; ")}.`, example: "Police; Mental-health services" },
  { field: "informationReached", header: "Information reached", aliases: ["information", "info reached"], required: false, description: "1 (none of it) to 5 (all of it); blank when no partner agency was involved.", example: "3" },
  { field: "barriers", header: "Barriers", aliases: ["barrier"], required: false, description: `Separated by semicolons, from: ${Object.values(BARRIERS).join("; ")}.`, example: "Systems don't connect" },
  { field: "initiative", header: "Initiative", aliases: ["scheme", "information sharing initiative"], required: false, description: "Name of the information-sharing initiative that applied, if any.", example: "" },
  { field: "initialDistress", header: "Initial distress", aliases: ["distress", "distress score", "initial distress score"], required: true, description: "0 (not at all) to 10 (extremely), as first reported.", example: "6" },
  { field: "notes", header: "Notes", aliases: ["note", "comments"], required: false, description: "Optional, up to 500 characters, no names or identifying details (checked as in the forms).", example: "" },
  { field: "contactType", header: "First contact type", aliases: ["contact type"], required: false, description: `Optional first support contact: ${Object.values(CONTACT_TYPES).join("; ")}.`, example: "defusing" },
  { field: "contactDate", header: "First contact date", aliases: ["contact date"], required: false, description: "Date (and optional time) of that contact; needed when a contact type is given.", example: "31/01/2025 18:00" },
  { field: "contactDistress", header: "First contact distress", aliases: ["contact distress"], required: false, description: "0 to 10 at that contact; needed when a contact type is given.", example: "5" },
  { field: "contactOutcome", header: "First contact outcome", aliases: ["contact outcome", "outcome"], required: false, description: `One of: ${Object.values(OUTCOMES)
    .filter((o) => o !== OUTCOMES.signposted)
    .join("; ")}; needed when a contact type is given.`, example: "no further action" },
];

/** "lines 14 and 15 are identical: imported as 2 records", for the dry run and the command line. */
export function describeIdenticalLines(lines: number[], asOne: boolean) {
  const named = `lines ${lines.slice(0, -1).join(", ")} and ${lines.at(-1)}`;
  return `${named} are identical: ${asOne ? "imported as one record" : `imported as ${lines.length} records`}`;
}
