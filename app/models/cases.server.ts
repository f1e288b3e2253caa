import { prisma } from "~/db.server";
import { containsPattern, pageOf, type CaseCloseReason, type CaseStatusFilter } from "~/domain/caseload";
import { auditWrite } from "~/models/audit.server";
import { activeCasesOf, normaliseReference } from "~/models/staff.server";

type Actor = { supporterId: string; organisationId: string; request: Request };

// The supporter's cases (casesOf: created or assigned, never anonymised) with their own assignment,
// if any, which says whether they handed the case over. One statement for both engines.
// `joins` adds what a listed row shows (its team, whom it was handed to).
const casesFrom = (joins = "") => `
  FROM StaffMember s
  LEFT JOIN CaseAssignment a ON a.staffMemberId = s.id AND a.supporterId = ?
  ${joins}
  WHERE s.organisationId = ? AND s.anonymisedAt IS NULL AND (s.createdById = ? OR a.supporterId IS NOT NULL)`;

const STATUS_SQL: Record<CaseStatusFilter, string> = {
  open: "AND a.handedOverAt IS NULL AND s.caseClosedAt IS NULL",
  closed: "AND a.handedOverAt IS NULL AND s.caseClosedAt IS NOT NULL",
  handed_over: "AND a.handedOverAt IS NOT NULL",
  all: "",
};

// A reference is matched anywhere, in capitals as stored; the search's own % and _ are literal.
const SEARCH_SQL = `AND UPPER(s.reference) LIKE ? ESCAPE '\\'`;

const toNumber = (value: unknown) => Number(value ?? 0);
const toDate = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string | number | Date));

/**
 * One page of the supporter's case list with its status, and the number of cases of each status
 * (counted in the database). A search matches anywhere in the reference.
 */
export async function caseList(supporterId: string, organisationId: string, options: { status: CaseStatusFilter; search: string; page: number }) {
  const search = normaliseReference(options.search);
  const searchSql = search ? SEARCH_SQL : "";
  const base = [supporterId, organisationId, supporterId, ...(search ? [containsPattern(search)] : [])];
  const [counts] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT COUNT(*) AS total,
       SUM(CASE WHEN a.handedOverAt IS NULL AND s.caseClosedAt IS NULL THEN 1 ELSE 0 END) AS open,
       SUM(CASE WHEN a.handedOverAt IS NULL AND s.caseClosedAt IS NOT NULL THEN 1 ELSE 0 END) AS closed,
       SUM(CASE WHEN a.handedOverAt IS NOT NULL THEN 1 ELSE 0 END) AS handed
     ${casesFrom()} ${searchSql}`,
    ...base,
  );
  const byStatus: Record<CaseStatusFilter, number> = {
    open: toNumber(counts?.open),
    closed: toNumber(counts?.closed),
    handed_over: toNumber(counts?.handed),
    all: toNumber(counts?.total),
  };
  const page = pageOf(options.page, byStatus[options.status]);
  const rows =
    page.total === 0
      ? []
      : await prisma.$queryRawUnsafe<Record<string, unknown>[]>(
          `SELECT s.id AS id, s.reference AS reference, t.name AS team, s.caseClosedAt AS closedAt, s.caseClosedReason AS closedReason,
             a.handedOverAt AS handedOverAt, u.displayName AS handedOverTo,
             (SELECT COUNT(*) FROM FollowUp f WHERE f.staffMemberId = s.id AND f.completedAt IS NULL AND f.cancelledAt IS NULL) AS openFollowUps
           ${casesFrom("JOIN Team t ON t.id = s.teamId LEFT JOIN User u ON u.id = a.handedOverToId")} ${searchSql} ${STATUS_SQL[options.status]}
           ORDER BY s.reference
           LIMIT ? OFFSET ?`,
          ...base,
          page.take,
          page.skip,
        );
  return {
    byStatus,
    page,
    cases: rows.map((row) => ({
      id: String(row.id),
      reference: String(row.reference),
      team: String(row.team),
      closedAt: toDate(row.closedAt),
      closedReason: row.closedReason === null ? null : String(row.closedReason),
      handedOverAt: toDate(row.handedOverAt),
      handedOverTo: row.handedOverTo === null ? null : String(row.handedOverTo),
      openFollowUps: toNumber(row.openFollowUps),
    })),
  };
}

/** True when the supporter is responsible for the case now (they have not handed it over): only they close, reopen or hand it over. */
export async function holdsCaseNow(supporterId: string, organisationId: string, staffMemberId: string) {
  return (await prisma.staffMember.count({ where: { id: staffMemberId, ...activeCasesOf(supporterId, organisationId) } })) === 1;
}

/** What the case page shows of a case's state, for this supporter: closed or not, handed over by them, and who else holds it now. */
export async function caseState(supporterId: string, staffMemberId: string) {
  const [staff, assignments, open] = await Promise.all([
    prisma.staffMember.findUniqueOrThrow({
      where: { id: staffMemberId },
      select: { caseClosedAt: true, caseClosedReason: true, createdById: true, createdBy: { select: { displayName: true } } },
    }),
    prisma.caseAssignment.findMany({
      where: { staffMemberId },
      select: { supporterId: true, handedOverAt: true, supporter: { select: { displayName: true } }, handedOverTo: { select: { displayName: true } } },
    }),
    prisma.followUp.count({ where: { staffMemberId, completedAt: null, cancelledAt: null } }),
  ]);
  const mine = assignments.find((a) => a.supporterId === supporterId);
  const creatorHandedOver = assignments.some((a) => a.supporterId === staff.createdById && a.handedOverAt);
  const holders = new Map(assignments.filter((a) => !a.handedOverAt).map((a) => [a.supporterId, a.supporter.displayName]));
  if (staff.createdById && staff.createdBy && !creatorHandedOver) holders.set(staff.createdById, staff.createdBy.displayName);
  holders.delete(supporterId);
  return {
    closedAt: staff.caseClosedAt,
    closedReason: staff.caseClosedReason,
    handedOverAt: mine?.handedOverAt ?? null,
    handedOverTo: mine?.handedOverTo?.displayName ?? null,
    otherHolders: [...holders.values()].sort(),
    openFollowUps: open,
  };
}

/**
 * Closes the case when nothing on it is open, in one conditional write, so a follow-up created
 * meanwhile cannot be left open on a closed case. Returns the number of open follow-ups that
 * prevented it (0 when closed).
 */
export async function closeCase(staffMemberId: string, reason: CaseCloseReason, actor: Actor) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.staffMember.updateMany({
      where: { id: staffMemberId, organisationId: actor.organisationId, caseClosedAt: null, followUps: { none: { completedAt: null, cancelledAt: null } } },
      data: { caseClosedAt: new Date(), caseClosedReason: reason },
    });
    if (count === 1) {
      await auditWrite({ action: "case.close", request: actor.request, organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "staff_member", entityId: staffMemberId, detail: { reason } }, tx);
      return { closed: true as const };
    }
    const open = await tx.followUp.count({ where: { staffMemberId, completedAt: null, cancelledAt: null } });
    return { closed: false as const, open };
  });
}

export async function reopenCase(staffMemberId: string, actor: Actor) {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.staffMember.updateMany({
      where: { id: staffMemberId, organisationId: actor.organisationId, caseClosedAt: { not: null } },
      data: { caseClosedAt: null, caseClosedReason: null },
    });
    if (count === 1) {
      await auditWrite({ action: "case.reopen", request: actor.request, organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "staff_member", entityId: staffMemberId }, tx);
    }
  });
}

/** Other supporters of the organisation (not disabled) a case can be handed to, by name. */
export function handoverTargets(organisationId: string, exceptUserId: string) {
  return prisma.user.findMany({
    where: { organisationId, disabledAt: null, id: { not: exceptUserId }, roles: { some: { role: "supporter" } } },
    select: { id: true, displayName: true, email: true },
    orderBy: [{ displayName: "asc" }, { email: "asc" }],
  });
}

/**
 * Hands the case to another supporter of the organisation: they hold it (and its open
 * follow-ups) from now; the one handing over keeps an assignment marked as handed over, so the
 * case stays in their list without its follow-ups in their caseload (decision 0009). Audited.
 */
export async function handOverCase(staffMemberId: string, toUserId: string, actor: Actor) {
  const target = (await handoverTargets(actor.organisationId, actor.supporterId)).find((u) => u.id === toUserId);
  if (!target) return { handedOver: false as const };
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    // The new holder's assignment is (again) active: a case handed back returns to its holder.
    await tx.caseAssignment.upsert({
      where: { staffMemberId_supporterId: { staffMemberId, supporterId: toUserId } },
      create: { staffMemberId, supporterId: toUserId, assignedAt: now },
      update: { handedOverAt: null, handedOverToId: null, assignedAt: now },
    });
    await tx.caseAssignment.upsert({
      where: { staffMemberId_supporterId: { staffMemberId, supporterId: actor.supporterId } },
      create: { staffMemberId, supporterId: actor.supporterId, assignedAt: now, handedOverAt: now, handedOverToId: toUserId },
      update: { handedOverAt: now, handedOverToId: toUserId },
    });
    await tx.followUp.updateMany({ where: { staffMemberId, completedAt: null, cancelledAt: null }, data: { assignedToId: toUserId } });
    await auditWrite(
      { action: "case.handover", request: actor.request, organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "staff_member", entityId: staffMemberId, detail: { toUserId } },
      tx,
    );
  });
  return { handedOver: true as const, to: target.displayName };
}
