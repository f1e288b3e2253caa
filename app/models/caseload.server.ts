import { prisma } from "~/db.server";
import { dayBounds } from "~/utils/time";

/** Cases a supporter holds: staff members they created or were assigned to. */
function casesOf(supporterId: string, organisationId: string) {
  return {
    organisationId,
    OR: [{ createdById: supporterId }, { assignments: { some: { supporterId } } }],
  };
}

export async function caseloadSummary(supporterId: string, organisationId: string, timeZone: string, now = new Date()) {
  const { start: today, end: tomorrow } = dayBounds(now, timeZone);
  const weekAhead = new Date(tomorrow.getTime() + 7 * 24 * 60 * 60 * 1000);
  const openFollowUps = { completedAt: null, cancelledAt: null, staffMember: casesOf(supporterId, organisationId) };
  const [cases, overdue, dueToday, upcoming] = await Promise.all([
    prisma.staffMember.count({ where: casesOf(supporterId, organisationId) }),
    prisma.followUp.count({ where: { ...openFollowUps, dueAt: { lt: today } } }),
    prisma.followUp.count({ where: { ...openFollowUps, dueAt: { gte: today, lt: tomorrow } } }),
    prisma.followUp.count({ where: { ...openFollowUps, dueAt: { gte: tomorrow, lt: weekAhead } } }),
  ]);
  return { cases, overdue, dueToday, upcoming };
}
