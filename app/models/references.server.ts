// The one check of the ids a form sends: every record a write points at must belong to the
// organisation (and, for a case's own records, to that case). A form is only a suggestion of
// what the browser was offered, so an id from elsewhere, or made up, is refused before anything is
// written, with the same 400 whether it exists in another organisation or nowhere: the answer
// must not tell which.
import { prisma } from "~/db.server";

/** The ids a write takes from its form, by kind. Every list may be empty or left out. */
export type References = {
  /** teams of the organisation, archived or not (a remit, a headcount) */
  teams?: string[];
  /** teams of the organisation that are not archived (a staff member's team, a check-in, an initiative) */
  activeTeams?: string[];
  /** services of the organisation that are not archived */
  activeServices?: string[];
  initiatives?: string[];
  users?: string[];
  /** exposures of the case, not deleted */
  exposures?: number[];
  /** support contacts of the case, not deleted */
  contacts?: number[];
  /** follow-ups of the case (whether still open is the write's own question: a form sent twice finds it closed by the first) */
  followUps?: number[];
  /** subject access requests about the case */
  accessRequests?: string[];
};

const MAX_ROW_ID = 2 ** 31 - 1;
const NUMBERED = new Set<Kind>(["exposures", "contacts", "followUps"]);

type Scope = { organisationId: string; staffMemberId?: string };
type Kind = keyof References;

const WHAT: Record<Kind, string> = {
  teams: "Choose teams of this organisation",
  activeTeams: "Choose a team of this organisation",
  activeServices: "Choose an active service of this organisation",
  initiatives: "Choose an initiative of this organisation, or none",
  users: "Choose people of this organisation",
  exposures: "Choose exposures of this staff member",
  contacts: "Choose support contacts of this staff member",
  followUps: "Choose a follow-up of this staff member",
  accessRequests: "There is no such request for a copy of this staff member's records",
};

/** How many of these ids name a record of the kind within the scope (one counting query). */
function countKnown(kind: Kind, ids: readonly (string | number)[], { organisationId, staffMemberId }: Scope): Promise<number> {
  const strings = ids.map(String);
  // A number no row can have (the ids are 32-bit) is unknown, not a database error.
  const numbers = ids.map(Number).filter((id) => Number.isInteger(id) && id > 0 && id <= MAX_ROW_ID);
  if (numbers.length < ids.length && NUMBERED.has(kind)) return Promise.resolve(-1);
  // A case's own records need the case; without one nothing is known.
  const caseOnly = staffMemberId ?? "";
  switch (kind) {
    case "teams":
      return prisma.team.count({ where: { id: { in: strings }, organisationId } });
    case "activeTeams":
      return prisma.team.count({ where: { id: { in: strings }, organisationId, archivedAt: null } });
    case "activeServices":
      return prisma.service.count({ where: { id: { in: strings }, organisationId, archivedAt: null } });
    case "initiatives":
      return prisma.initiative.count({ where: { id: { in: strings }, organisationId } });
    case "users":
      return prisma.user.count({ where: { id: { in: strings }, organisationId } });
    case "exposures":
      return prisma.exposure.count({ where: { id: { in: numbers }, organisationId, staffMemberId: caseOnly, deletedAt: null } });
    case "contacts":
      return prisma.supportContact.count({ where: { id: { in: numbers }, organisationId, staffMemberId: caseOnly, deletedAt: null } });
    case "followUps":
      return prisma.followUp.count({ where: { id: { in: numbers }, organisationId, staffMemberId: caseOnly } });
    case "accessRequests":
      return prisma.subjectAccessRequest.count({ where: { id: { in: strings }, organisationId, staffMemberId: caseOnly } });
  }
}

/**
 * Throws a 400 Response (saying which kind of choice was wrong) unless every id given names a
 * record of its kind in this organisation (and case). Call it before writing; it reads only.
 */
export async function requireReferences(scope: Scope, references: References) {
  const checks = (Object.entries(references) as [Kind, (string | number)[] | undefined][])
    .map(([kind, ids]) => [kind, [...new Set(ids ?? [])]] as const)
    .filter(([, ids]) => ids.length > 0);
  const known = await Promise.all(checks.map(([kind, ids]) => countKnown(kind, ids, scope)));
  const wrong = checks.find(([, ids], index) => known[index] !== ids.length);
  if (wrong) throw new Response(WHAT[wrong[0]], { status: 400 });
}
