import { prisma } from "~/db.server";
import { casesOf } from "~/models/staff.server";
import { dayBounds } from "~/utils/time";

const followUpSelect = { id: true, label: true, dueAt: true, staffMember: { select: { id: true, reference: true } } } as const;

/** A supporter's follow-ups: overdue, due today and in the next 7 days, for the cases they hold. */
export async function caseloadFollowUps(supporterId: string, organisationId: string, timeZone: string, now = new Date()) {
  const { start: today, end: tomorrow } = dayBounds(now, timeZone);
  const weekAhead = new Date(tomorrow.getTime() + 7 * 24 * 60 * 60 * 1000);
  const open = { completedAt: null, cancelledAt: null, staffMember: casesOf(supporterId, organisationId) };
  const [overdue, dueToday, upcoming] = await Promise.all([
    prisma.followUp.findMany({ where: { ...open, dueAt: { lt: today } }, select: followUpSelect, orderBy: { dueAt: "asc" }, take: 50 }),
    prisma.followUp.findMany({ where: { ...open, dueAt: { gte: today, lt: tomorrow } }, select: followUpSelect, orderBy: { dueAt: "asc" } }),
    prisma.followUp.findMany({ where: { ...open, dueAt: { gte: tomorrow, lt: weekAhead } }, select: followUpSelect, orderBy: { dueAt: "asc" } }),
  ]);
  return { overdue, dueToday, upcoming };
}
