import type { InitiativeInput } from "~/domain/initiative-form";
import type { OutcomeMeasure } from "~/domain/evaluation-filters";
import { OUTCOME_MEASURE_KEYS } from "~/domain/vocabulary";
import { prisma } from "~/db.server";
import { requireReferences } from "~/models/references.server";

export function listInitiatives(organisationId: string) {
  return prisma.initiative.findMany({
    where: { organisationId },
    select: {
      id: true,
      name: true,
      description: true,
      startDate: true,
      endDate: true,
      teams: { select: { team: { select: { name: true } } }, orderBy: { team: { name: "asc" } } },
      partnerAgencies: { select: { agency: true }, orderBy: { agency: "asc" } },
      _count: { select: { teams: true } },
    },
    orderBy: { startDate: "asc" },
  });
}

/** One of the organisation's initiatives, or null: another organisation's is never found. */
export function findInitiative(organisationId: string, initiativeId: string) {
  return prisma.initiative.findFirst({
    where: { id: initiativeId, organisationId },
    select: {
      id: true,
      name: true,
      description: true,
      startDate: true,
      endDate: true,
      outcomeMeasures: true,
      teams: { select: { teamId: true, team: { select: { name: true } } }, orderBy: { team: { name: "asc" } } },
      partnerAgencies: { select: { agency: true }, orderBy: { agency: "asc" } },
    },
  });
}

/** The outcome measures an initiative watches, in the order of the list; unknown keys are dropped. */
export function watchedMeasures(json: string): OutcomeMeasure[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? OUTCOME_MEASURE_KEYS.filter((key) => parsed.includes(key)) : [];
  } catch {
    return [];
  }
}

export async function initiativeNameTaken(organisationId: string, name: string, exceptId?: string) {
  const found = await prisma.initiative.findFirst({ where: { organisationId, name, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } });
  return found !== null;
}

/** Creates or replaces an initiative in one transaction: nothing half-saved. */
export async function saveInitiative(organisationId: string, input: InitiativeInput, existing?: { id: string; keptTeamIds: string[] }) {
  const fields = {
    name: input.name,
    description: input.description,
    startDate: input.startDate,
    endDate: input.endDate,
    outcomeMeasures: JSON.stringify(input.outcomeMeasures),
  };
  // Teams kept from before may since have been archived; the ones chosen now are active.
  await requireReferences({ organisationId }, { activeTeams: input.teams, teams: existing?.keptTeamIds, initiatives: existing ? [existing.id] : [] });
  const teamIds = [...new Set([...input.teams, ...(existing?.keptTeamIds ?? [])])];
  if (!existing) {
    const created = await prisma.initiative.create({
      data: {
        organisationId,
        ...fields,
        teams: { create: teamIds.map((teamId) => ({ teamId })) },
        partnerAgencies: { create: input.partnerAgencies.map((agency) => ({ agency })) },
      },
      select: { id: true },
    });
    return created.id;
  }
  await prisma.$transaction([
    prisma.initiativeTeam.deleteMany({ where: { initiativeId: existing.id } }),
    prisma.initiativePartnerAgency.deleteMany({ where: { initiativeId: existing.id } }),
    prisma.initiative.update({
      where: { id: existing.id },
      data: {
        ...fields,
        teams: { create: teamIds.map((teamId) => ({ teamId })) },
        partnerAgencies: { create: input.partnerAgencies.map((agency) => ({ agency })) },
      },
    }),
  ]);
  return existing.id;
}

/** Teams an editor may put on an initiative: an admin's whole organisation, a manager's remit. */
export async function editableTeams(user: { id: string; organisationId: string; roles: readonly string[] }) {
  const where = user.roles.includes("admin") ? { organisationId: user.organisationId, archivedAt: null } : { managerRemits: { some: { userId: user.id } }, archivedAt: null };
  const teams = await prisma.team.findMany({
    where,
    select: { id: true, name: true, service: { select: { name: true } } },
    orderBy: [{ service: { name: "asc" } }, { name: "asc" }],
  });
  return teams.map((t) => ({ value: t.id, label: `${t.name} (${t.service.name})` }));
}
