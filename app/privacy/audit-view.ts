/**
 * What an administrator's audit page shows of the record an audit line is about. Administrators never
 * see case information, and which person a supporter opened, or that a named colleague has a case at
 * all, is case information; so a line about anything in a case shows only that a case record was
 * touched. The database keeps the full line for a lawful investigation (docs/decisions/0012).
 *
 * Only the kinds of record administrators manage themselves keep their ids; any other kind, including
 * one added later and not listed here, is shown as a case record.
 */
const ADMINISTRATIVE_RECORDS = new Set([
  "audit_log",
  "caseload",
  "dashboard",
  "headcounts",
  "import",
  "initiative",
  "initiative_evaluation",
  "initiative_list",
  "organisation",
  "processing_record",
  "pulse",
  "pulse_list",
  "research_export",
  "service",
  "service_list",
  "settings",
  "team",
  "team_list",
  "user",
  "user_list",
]);

export const CASE_RECORD = "a case record";

export function auditRecordShownToAdministrators(entityType: string | null, entityId: string | null): string {
  if (!entityType) return "—";
  if (entityType === "route") return entityId ? `page ${pageWithoutIds(entityId)}` : "page";
  if (!ADMINISTRATIVE_RECORDS.has(entityType)) return CASE_RECORD;
  return entityId ? `${entityType} ${entityId}` : entityType;
}

/**
 * A refused page's path without the ids in it (a supporter refused /staff/<id> would otherwise name the
 * case they tried): its section (two segments under /admin, one elsewhere), then "…".
 */
function pageWithoutIds(pathname: string) {
  const segments = pathname.split("/").filter(Boolean);
  const kept = segments.slice(0, segments[0] === "admin" ? 2 : 1);
  return `/${kept.join("/")}${segments.length > kept.length ? "/…" : ""}`;
}

/**
 * Actions whose actor alone would tell administrators who supports whom: a supporter confirming a
 * subject access request is a supporter of that person's case, and the administrator typed the
 * person's reference to ask for it. Their lines name no actor and are left out of a search by actor.
 */
export const ACTOR_WITHHELD_ACTIONS = ["subject_access.confirm"];
export const WITHHELD_ACTOR = "a supporter of the case";
