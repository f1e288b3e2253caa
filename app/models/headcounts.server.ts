// Team headcounts as admins enter them: a team × month grid and lists of "team, month, headcount".
// Each month holds the figure given for it, or none (then the latest earlier one carries forward:
// teamMonthHeadcounts in trends.server.ts, the one reading used for figures and for this grid).
import { prisma } from "~/db.server";
import { monthsBetween } from "~/domain/dashboard-filters";
import type { HeadcountLine } from "~/domain/headcount-lines";
import { requireReferences } from "~/models/references.server";
import { teamMonthHeadcounts } from "~/models/trends.server";

export type HeadcountCell = {
  month: string;
  /** the figure given for this month, if any */
  given: number | null;
  /** the figure in force when none is given: carried forward from an earlier month */
  carried: { headcount: number; from: string } | null;
  /** after the month the team was archived: no headcount is kept or asked for */
  closed: boolean;
};

/**
 * The organisation's teams (by service) with each month's headcount in [from, to]: the active
 * ones, and those archived in or after the first month, whose history stays visible up to the
 * month they were archived (in UTC, as teamMonthHeadcounts counts it). With `teamId`, that team's row only.
 */
export async function loadHeadcountGrid(organisationId: string, from: string, to: string, { teamId }: { teamId?: string } = {}) {
  const teams = await prisma.team.findMany({
    where: { organisationId, ...(teamId ? { id: teamId } : {}), OR: [{ archivedAt: null }, { archivedAt: { gte: new Date(`${from}-01T00:00:00Z`) } }] },
    select: { id: true, name: true, archivedAt: true, service: { select: { name: true } } },
    orderBy: [{ service: { name: "asc" } }, { name: "asc" }],
  });
  const months = monthsBetween(from, to);
  const inForce = await teamMonthHeadcounts(
    teams.map((t) => t.id),
    from,
    to,
  );
  return {
    months,
    teams: teams.map((team) => ({
      id: team.id,
      name: team.name,
      service: team.service.name,
      archivedIn: team.archivedAt ? team.archivedAt.toISOString().slice(0, 7) : null,
      cells: months.map((month): HeadcountCell => {
        const closed = team.archivedAt !== null && month > team.archivedAt.toISOString().slice(0, 7);
        const entry = inForce.get(`${team.id}|${month}`);
        if (!entry) return { month, given: null, carried: null, closed };
        return entry.carriedFrom === null
          ? { month, given: entry.headcount, carried: null, closed }
          : { month, given: null, carried: { headcount: entry.headcount, from: entry.carriedFrom }, closed };
      }),
    })),
  };
}

/** Teams a pasted list may name: every team of the organisation, archived ones too (for history). */
export function listTeamNames(organisationId: string) {
  return prisma.team.findMany({ where: { organisationId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export type HeadcountChange = { teamId: string; month: string; headcount: number | null };

/** The figures given for these team-months, keyed "teamId|month". */
async function givenFor(teamIds: string[], months: string[]) {
  if (teamIds.length === 0 || months.length === 0) return new Map<string, number>();
  const rows = await prisma.teamHeadcount.findMany({
    where: { teamId: { in: teamIds }, periodMonth: { in: months } },
    select: { teamId: true, periodMonth: true, headcount: true },
  });
  return new Map(rows.map((r) => [`${r.teamId}|${r.periodMonth}`, r.headcount]));
}

/** What a list of lines would change: new months, changed figures, and lines that repeat what is there. */
export async function compareHeadcountLines(lines: HeadcountLine[]) {
  const given = await givenFor([...new Set(lines.map((l) => l.teamId))], [...new Set(lines.map((l) => l.month))]);
  return lines.map((line) => {
    const before = given.get(`${line.teamId}|${line.month}`);
    return { ...line, before: before ?? null, effect: before === undefined ? ("new" as const) : before === line.headcount ? ("same" as const) : ("changed" as const) };
  });
}

/**
 * Saves headcounts in one transaction: a number sets the month's figure, null removes it (the
 * month then carries the one before). Only teams of this organisation; returns what changed.
 */
export async function saveHeadcounts(organisationId: string, changes: HeadcountChange[]) {
  const teamIds = [...new Set(changes.map((c) => c.teamId))];
  await requireReferences({ organisationId }, { teams: teamIds });
  const given = await givenFor(teamIds, [...new Set(changes.map((c) => c.month))]);
  const effective = changes.filter((c) => (given.get(`${c.teamId}|${c.month}`) ?? null) !== c.headcount);
  await prisma.$transaction(
    effective.map(({ teamId, month, headcount }) =>
      headcount === null
        ? prisma.teamHeadcount.deleteMany({ where: { teamId, periodMonth: month } })
        : prisma.teamHeadcount.upsert({
            where: { teamId_periodMonth: { teamId, periodMonth: month } },
            create: { teamId, periodMonth: month, headcount },
            update: { headcount },
          }),
    ),
  );
  return { set: effective.filter((c) => c.headcount !== null).length, removed: effective.filter((c) => c.headcount === null).length };
}
