// Team check-ins: opened by an admin with one single-use code per person, answered anonymously,
// summarised once they have run to their announced end.
import { isUniqueViolation, prisma } from "~/db.server";
import type { PulseAnswer } from "~/domain/pulse";
import { requireReferences } from "~/models/references.server";
import { hashCheckInCode, newCheckInCode } from "~/security/check-in-codes.server";
import { monthKey, weekKey } from "~/utils/time";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The team's check-in already opened this calendar month, if any (a withdrawn one does not count).
 * A team is asked at most once a month, so its monthly figure on the dashboard is exactly one
 * check-in's results.
 */
export async function pulseThisMonth(teamId: string, timeZone: string, now = new Date()) {
  const recent = await prisma.pulse.findMany({
    where: { teamId, withdrawnAt: null, createdAt: { gte: new Date(now.getTime() - 32 * DAY_MS) } },
    select: { id: true, createdAt: true },
  });
  return recent.find((p) => monthKey(p.createdAt, timeZone) === monthKey(now, timeZone)) ?? null;
}

/** The team's headcount this month (carried forward from the latest month given), or null when none was ever given. */
export async function currentHeadcount(teamId: string, month: string) {
  const latest = await prisma.teamHeadcount.findFirst({
    where: { teamId, periodMonth: { lte: month } },
    orderBy: { periodMonth: "desc" },
    select: { headcount: true },
  });
  return latest?.headcount ?? null;
}

/** Opens a check-in for `people` people; its slips are made next (makeSlips). */
export async function openPulse({ organisationId, teamId, days, people, openedById }: { organisationId: string; teamId: string; days: number; people: number; openedById: string }) {
  await requireReferences({ organisationId }, { activeTeams: [teamId] });
  return prisma.pulse.create({
    data: { organisationId, teamId, closesAt: new Date(Date.now() + days * DAY_MS), codesIssued: people, openedById },
    select: { id: true },
  });
}

const pulseSummary = {
  id: true,
  codesIssued: true,
  codesUsed: true,
  slipsMadeAt: true,
  closesAt: true,
  withdrawnAt: true,
  createdAt: true,
  team: { select: { name: true } },
} as const;

export function listPulses(organisationId: string) {
  return prisma.pulse.findMany({ where: { organisationId }, select: pulseSummary, orderBy: { createdAt: "desc" }, take: 200 });
}

export function findPulse(organisationId: string, pulseId: string) {
  return prisma.pulse.findFirst({ where: { id: pulseId, organisationId }, select: { ...pulseSummary, openedBy: { select: { displayName: true } } } });
}

/**
 * Makes the check-in's slips: a new code for every person who has not answered yet. Any unused
 * code of an earlier sheet stops working, so there are never more unused codes than people who
 * have not answered. The codes are returned this once and only their keyed hashes are kept,
 * stored in the order of their hashes, not of the sheet. Null when the check-in is not open.
 */
export async function makeSlips(organisationId: string, pulseId: string, now = new Date()): Promise<string[] | null> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await prisma.$transaction(async (tx) => {
        // The check-in's row first (as an answer does): two admins making slips at once take turns,
        // and the second cancels the first one's sheet instead of adding to it.
        const marked = await tx.pulse.updateMany({ where: { id: pulseId, organisationId, withdrawnAt: null, closesAt: { gt: now } }, data: { slipsMadeAt: now } });
        if (marked.count === 0) return null;
        const { codesIssued, codesUsed } = await tx.pulse.findUniqueOrThrow({ where: { id: pulseId }, select: { codesIssued: true, codesUsed: true } });
        await tx.pulseCode.deleteMany({ where: { pulseId } });
        const codes = Array.from({ length: Math.max(0, codesIssued - codesUsed) }, newCheckInCode);
        const hashes = codes.map((code) => hashCheckInCode(code)).sort();
        await tx.pulseCode.createMany({ data: hashes.map((codeHash) => ({ codeHash, pulseId })) });
        return codes;
      });
    } catch (error) {
      // Two equal codes (about one chance in 10¹² per sheet): make the sheet again.
      if (attempt >= 2 || !isUniqueViolation(error)) throw error;
    }
  }
}

/**
 * Withdraws an open check-in: it takes no more answers and its results are never shown. Its
 * unused codes stay, so that someone typing one is told the check-in has closed rather than that
 * they mistyped. False when it was not open.
 */
export async function withdrawPulse(organisationId: string, pulseId: string, now = new Date()) {
  const withdrawn = await prisma.pulse.updateMany({ where: { id: pulseId, organisationId, withdrawnAt: null, closesAt: { gt: now } }, data: { withdrawnAt: now } });
  return withdrawn.count > 0;
}

/** The check-in an unused code belongs to, with what the answer page says about it; nothing about who opened it. */
export async function pulseOfCode(code: string) {
  const found = await prisma.pulseCode.findUnique({
    where: { codeHash: hashCheckInCode(code) },
    select: {
      pulse: { select: { id: true, closesAt: true, withdrawnAt: true, team: { select: { name: true } }, organisation: { select: { name: true, timeZone: true } } } },
    },
  });
  return found?.pulse ?? null;
}

export type AnswerOutcome = "saved" | "unknown-code" | "not-open";

class NotSaved extends Error {
  constructor(readonly outcome: Exclude<AnswerOutcome, "saved">) {
    super(outcome);
  }
}

/**
 * Saves one answer with the code it uses, in one transaction: the code is deleted (so it works
 * once: of two answers with the same code at the same moment, one deletes it and the other finds
 * it gone and saves nothing), the check-in's count of used codes rises, and the answer is stored
 * with only the week it was given in: no person, no address, no time of day, and no trace of the
 * code.
 */
export async function saveAnswer(code: string, answer: PulseAnswer, now = new Date()): Promise<AnswerOutcome> {
  const codeHash = hashCheckInCode(code);
  try {
    await prisma.$transaction(async (tx) => {
      const found = await tx.pulseCode.findUnique({
        where: { codeHash },
        select: { pulse: { select: { id: true, organisationId: true, teamId: true, createdAt: true, organisation: { select: { timeZone: true } } } } },
      });
      if (!found) throw new NotSaved("unknown-code");
      const pulse = found.pulse;
      // The check-in's row before the code's, in the order making slips takes them, so the two never deadlock.
      const counted = await tx.pulse.updateMany({
        where: { id: pulse.id, withdrawnAt: null, closesAt: { gt: now } },
        data: { codesUsed: { increment: 1 } },
      });
      if (counted.count === 0) throw new NotSaved("not-open");
      const used = await tx.pulseCode.deleteMany({ where: { codeHash, pulseId: pulse.id } });
      if (used.count === 0) throw new NotSaved("unknown-code");
      await tx.pulseResponse.create({
        data: {
          organisationId: pulse.organisationId,
          teamId: pulse.teamId,
          pulseId: pulse.id,
          week: weekKey(now, pulse.organisation.timeZone),
          // The month the check-in was opened, so all its answers fall in one monthly figure.
          month: monthKey(pulse.createdAt, pulse.organisation.timeZone),
          // Named one by one: nothing else that came with the answer is stored with it.
          who5Item1: answer.who5Item1,
          who5Item2: answer.who5Item2,
          who5Item3: answer.who5Item3,
          who5Item4: answer.who5Item4,
          who5Item5: answer.who5Item5,
          who5Percent: answer.who5Percent,
          informationSharing: answer.informationSharing,
        },
      });
    });
    return "saved";
  } catch (error) {
    if (error instanceof NotSaved) return error.outcome;
    throw error;
  }
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
