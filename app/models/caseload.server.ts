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
 * A supporter's open follow-ups, overdue, due today and in the next 7 days, for the cases they are
 * responsible for now. Each list is counted in the database and paged, so the count is the true
 * count and every row is on some page.
 */
export async function caseloadFollowUps(supporterId: string, organisationId: string, timeZone: string, query: CaseloadQuery, now = new Date()) {
  const { start: today, end: tomorrow } = dayBounds(now, timeZone);
  const weekAhead = new Date(tomorrow.getTime() + 7 * 24 * 60 * 60 * 1000);
  const open = { completedAt: null, cancelledAt: null, staffMember: activeCasesOf(supporterId, organisationId) };
  const due = {
    overdue: { lt: today },
    today: { gte: today, lt: tomorrow },
    week: { gte: tomorrow, lt: weekAhead },
  } satisfies Record<FollowUpWindow, object>;
  const kind = query.kind ? { label: query.kind } : {};
  const order = [{ dueAt: query.sort === "due-desc" ? "desc" : "asc" } as const, { id: "asc" } as const];

  const list = async (window: FollowUpWindow) => {
    const where = { ...open, ...kind, dueAt: due[window] };
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
    prisma.followUp.groupBy({ by: ["label"], where: { ...open, dueAt: { lt: weekAhead } }, _count: { _all: true }, orderBy: { label: "asc" } }),
  ]);
  return { lists: [overdue, dueToday, upcoming], kinds: kinds.map((k) => ({ label: k.label, count: k._count._all })) };
}
