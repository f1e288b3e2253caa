import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/db.server";
import { casesOf } from "~/models/staff.server";
import { dayBounds } from "~/utils/time";

const followUpSelect = { id: true, label: true, dueAt: true, staffMember: { select: { id: true, reference: true } } } as const;

/**
 * Which open follow-ups of a supporter's cases are overdue, due today and due in the next 7 days, in
 * the organisation's time zone: the one statement of the caseload's rules, used by the caseload page
 * and by the reminder e-mails alike.
 */
export function caseloadBuckets(supporterId: string, organisationId: string, timeZone: string, now = new Date()) {
  const { start: today, end: tomorrow } = dayBounds(now, timeZone);
  const weekAhead = new Date(tomorrow.getTime() + 7 * 24 * 60 * 60 * 1000);
  const open = { completedAt: null, cancelledAt: null, staffMember: casesOf(supporterId, organisationId) };
  return {
    overdue: { ...open, dueAt: { lt: today } },
    dueToday: { ...open, dueAt: { gte: today, lt: tomorrow } },
    upcoming: { ...open, dueAt: { gte: tomorrow, lt: weekAhead } },
  } satisfies Record<string, Prisma.FollowUpWhereInput>;
}

/** A supporter's follow-ups: overdue, due today and in the next 7 days, for the cases they hold. */
export async function caseloadFollowUps(supporterId: string, organisationId: string, timeZone: string, now = new Date()) {
  const buckets = caseloadBuckets(supporterId, organisationId, timeZone, now);
  const [overdue, dueToday, upcoming] = await Promise.all([
    prisma.followUp.findMany({ where: buckets.overdue, select: followUpSelect, orderBy: { dueAt: "asc" }, take: 50 }),
    prisma.followUp.findMany({ where: buckets.dueToday, select: followUpSelect, orderBy: { dueAt: "asc" } }),
    prisma.followUp.findMany({ where: buckets.upcoming, select: followUpSelect, orderBy: { dueAt: "asc" } }),
  ]);
  return { overdue, dueToday, upcoming };
}

export type CaseloadCounts = { overdue: number; dueToday: number; upcoming: number };

/** How many follow-ups are in each of the caseload's lists, counted by the database. */
export async function caseloadCounts(supporterId: string, organisationId: string, timeZone: string, now = new Date()): Promise<CaseloadCounts> {
  const buckets = caseloadBuckets(supporterId, organisationId, timeZone, now);
  const [overdue, dueToday, upcoming] = await Promise.all([
    prisma.followUp.count({ where: buckets.overdue }),
    prisma.followUp.count({ where: buckets.dueToday }),
    prisma.followUp.count({ where: buckets.upcoming }),
  ]);
  return { overdue, dueToday, upcoming };
}
