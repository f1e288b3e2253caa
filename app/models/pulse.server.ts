// Team pulses: opened by an admin, answered anonymously, summarised once closed.
import { randomInt } from "node:crypto";
import { isUniqueViolation, prisma } from "~/db.server";
import { CODE_ALPHABET, CODE_LENGTH, isOpen, type PulseAnswer } from "~/domain/pulse";
import { monthKey, weekKey } from "~/utils/time";

const DAY_MS = 24 * 60 * 60 * 1000;

function newCode() {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/**
 * The team's check-in already opened this calendar month, if any. A team is asked at most once a
 * month, so its monthly figure on the dashboard is exactly one check-in's results.
 */
export async function pulseThisMonth(teamId: string, timeZone: string, now = new Date()) {
  const recent = await prisma.pulse.findMany({
    where: { teamId, createdAt: { gte: new Date(now.getTime() - 32 * DAY_MS) } },
    select: { id: true, createdAt: true },
  });
  return recent.find((p) => monthKey(p.createdAt, timeZone) === monthKey(now, timeZone)) ?? null;
}

export async function openPulse({ organisationId, teamId, days, openedById }: { organisationId: string; teamId: string; days: number; openedById: string }) {
  const closesAt = new Date(Date.now() + days * DAY_MS);
  // 31⁸ codes: a clash is rare, and the unique index catches it; try again then.
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await prisma.pulse.create({ data: { organisationId, teamId, closesAt, openedById, code: newCode() }, select: { id: true, code: true } });
    } catch (error) {
      if (attempt >= 4 || !isUniqueViolation(error)) throw error;
    }
  }
}

export function listPulses(organisationId: string) {
  return prisma.pulse.findMany({
    where: { organisationId },
    select: { id: true, code: true, closesAt: true, closedAt: true, createdAt: true, team: { select: { name: true } }, _count: { select: { responses: true } } },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
}

export function findPulse(organisationId: string, pulseId: string) {
  return prisma.pulse.findFirst({
    where: { id: pulseId, organisationId },
    select: {
      id: true,
      code: true,
      closesAt: true,
      closedAt: true,
      createdAt: true,
      team: { select: { name: true } },
      openedBy: { select: { displayName: true } },
      _count: { select: { responses: true } },
    },
  });
}

/** The pulse a code opens, with what the answer page needs; nothing about who opened it. */
export function pulseByCode(code: string) {
  return prisma.pulse.findUnique({
    where: { code },
    select: { id: true, organisationId: true, teamId: true, closesAt: true, closedAt: true, team: { select: { name: true } }, organisation: { select: { name: true, timeZone: true } } },
  });
}

export function closePulse(organisationId: string, pulseId: string) {
  return prisma.pulse.updateMany({ where: { id: pulseId, organisationId, closedAt: null }, data: { closedAt: new Date() } });
}

/**
 * Saves one answer, with only the week it was given in: no person, no address, no time of day. Refused (false) when the pulse closed in the meantime.
 */
export async function saveAnswer(pulseId: string, answer: PulseAnswer) {
  return prisma.$transaction(async (tx) => {
    const pulse = await tx.pulse.findUnique({
      where: { id: pulseId },
      select: { id: true, organisationId: true, teamId: true, closesAt: true, closedAt: true, createdAt: true, organisation: { select: { timeZone: true } } },
    });
    if (!pulse || !isOpen(pulse)) return false;
    const now = new Date();
    await tx.pulseResponse.create({
      data: {
        organisationId: pulse.organisationId,
        teamId: pulse.teamId,
        pulseId: pulse.id,
        week: weekKey(now, pulse.organisation.timeZone),
        // The month the check-in was opened, so all its answers fall in one monthly figure.
        month: monthKey(pulse.createdAt, pulse.organisation.timeZone),
        ...answer,
      },
    });
    return true;
  });
}

export type PulseResults = {
  responses: number;
  meanWho5: number;
  belowFifty: number;
  /** answers to the information question, 1–5, with "does not apply" as null */
  information: { rating: number | null; count: number }[];
};

/** Totals of one pulse, computed in the database. */
export async function pulseResults(pulseId: string): Promise<PulseResults> {
  const [summary, information] = await Promise.all([
    prisma.$queryRaw<{ responses: bigint | number; mean: number | null; below: bigint | number | null }[]>`
      SELECT COUNT(*) AS responses, CAST(AVG(who5Percent) AS DOUBLE PRECISION) AS mean, SUM(CASE WHEN who5Percent < 50 THEN 1 ELSE 0 END) AS below FROM PulseResponse WHERE pulseId = ${pulseId}`,
    prisma.$queryRaw<{ rating: number | null; count: bigint | number }[]>`
      SELECT informationSharing AS rating, COUNT(*) AS count FROM PulseResponse WHERE pulseId = ${pulseId} GROUP BY informationSharing`,
  ]);
  const row = summary[0]!;
  return {
    responses: Number(row.responses),
    meanWho5: Number(row.mean ?? 0),
    belowFifty: Number(row.below ?? 0),
    information: information.map((r) => ({ rating: r.rating === null ? null : Number(r.rating), count: Number(r.count) })),
  };
}
