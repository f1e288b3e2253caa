import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/db.server";
import { FOLLOW_UP_WINDOWS, pageOf, type FollowUpSort, type FollowUpWindow } from "~/domain/caseload";
import { activeCasesOf } from "~/models/staff.server";
import { dayBounds } from "~/utils/time";

const followUpSelect = { id: true, label: true, dueAt: true, staffMember: { select: { id: true, reference: true } } } as const;

export type CaseloadQuery = {
  /** only follow-ups of this kind (their label), or all */
  kind: string | null;
  sort: FollowUpSort;
  /** the page asked for in each list */
  pages: Record<FollowUpWindow, number>;
};

/**
 * Which open follow-ups of a supporter's cases (those they are responsible for now) are overdue,
 * due today and due in the next 7 days, in the organisation's time zone: the one statement of the
 * caseload's rules, used by the caseload page and by the reminder e-mails alike.
 */
export function caseloadBuckets(supporterId: string, organisationId: string, timeZone: string, now = new Date()) {
  const { start: today, end: tomorrow } = dayBounds(now, timeZone);
  const weekAhead = new Date(tomorrow.getTime() + 7 * 24 * 60 * 60 * 1000);
  const open = { completedAt: null, cancelledAt: null, staffMember: activeCasesOf(supporterId, organisationId) };
  return {
    overdue: { ...open, dueAt: { lt: today } },
    today: { ...open, dueAt: { gte: today, lt: tomorrow } },
    week: { ...open, dueAt: { gte: tomorrow, lt: weekAhead } },
    /** every follow-up the three lists can hold */
    any: { ...open, dueAt: { lt: weekAhead } },
  } satisfies Record<FollowUpWindow | "any", Prisma.FollowUpWhereInput>;
}

/**
 * A supporter's open follow-ups, overdue, due today and in the next 7 days. Each list is counted in
 * the database and paged, so the count is the true count and every row is on some page.
 */
export async function caseloadFollowUps(supporterId: string, organisationId: string, timeZone: string, query: CaseloadQuery, now = new Date()) {
  const buckets = caseloadBuckets(supporterId, organisationId, timeZone, now);
  const kind = query.kind ? { label: query.kind } : {};
  const order = [{ dueAt: query.sort === "due-desc" ? "desc" : "asc" } as const, { id: "asc" } as const];

  const list = async (window: FollowUpWindow) => {
    const where = { ...buckets[window], ...kind };
    const total = await prisma.followUp.count({ where });
    const page = pageOf(query.pages[window], total);
    const rows = total === 0 ? [] : await prisma.followUp.findMany({ where, select: followUpSelect, orderBy: order, skip: page.skip, take: page.take });
    return { window, caption: FOLLOW_UP_WINDOWS[window].caption, page, rows };
  };
  const [overdue, dueToday, upcoming, kinds] = await Promise.all([
    list("overdue"),
    list("today"),
    list("week"),
    // The kinds to filter by: every kind among the follow-ups these lists can hold, with its count.
    prisma.followUp.groupBy({ by: ["label"], where: buckets.any, _count: { _all: true }, orderBy: { label: "asc" } }),
  ]);
  return { lists: [overdue, dueToday, upcoming], kinds: kinds.map((k) => ({ label: k.label, count: k._count._all })) };
}

export type CaseloadCounts = { overdue: number; dueToday: number; upcoming: number };

/** How many follow-ups are in each of the caseload's lists, counted by the database. */
export async function caseloadCounts(supporterId: string, organisationId: string, timeZone: string, now = new Date()): Promise<CaseloadCounts> {
  const buckets = caseloadBuckets(supporterId, organisationId, timeZone, now);
  const [overdue, dueToday, upcoming] = await Promise.all([
    prisma.followUp.count({ where: buckets.overdue }),
    prisma.followUp.count({ where: buckets.today }),
    prisma.followUp.count({ where: buckets.week }),
  ]);
  return { overdue, dueToday, upcoming };
}

/**
 * Subject access requests waiting for this supporter's confirmation, on the cases they hold now:
 * the copy cannot be produced until they confirm, and the legal clock (one month) runs meanwhile.
 */
export function accessRequestsToConfirm(supporterId: string, organisationId: string) {
  return prisma.subjectAccessRequest.findMany({
    where: { organisationId, confirmedAt: null, staffMember: activeCasesOf(supporterId, organisationId) },
    select: { id: true, requestedAt: true, staffMember: { select: { id: true, reference: true } } },
    orderBy: { requestedAt: "asc" },
  });
}
