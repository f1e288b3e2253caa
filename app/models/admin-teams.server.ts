import { prisma } from "~/db.server";

export function listTeamsForAdmin(organisationId: string) {
  return prisma.team.findMany({
    where: { organisationId },
    select: {
      id: true,
      name: true,
      archivedAt: true,
      mergedInto: { select: { name: true } },
      service: { select: { name: true } },
      headcounts: { select: { periodMonth: true, headcount: true }, orderBy: { periodMonth: "desc" }, take: 1 },
    },
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { service: { name: "asc" } }, { name: "asc" }],
  });
}

export function listServices(organisationId: string) {
  return prisma.service.findMany({ where: { organisationId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export function getTeamForAdmin(organisationId: string, teamId: string) {
  return prisma.team.findFirst({
    where: { id: teamId, organisationId },
    select: {
      id: true,
      name: true,
      archivedAt: true,
      mergedInto: { select: { id: true, name: true } },
      service: { select: { id: true, name: true } },
      headcounts: { select: { periodMonth: true, headcount: true }, orderBy: { periodMonth: "desc" }, take: 24 },
      _count: { select: { staffMembers: true } },
    },
  });
}

export function teamNameTaken(organisationId: string, name: string, exceptTeamId?: string) {
  return prisma.team
    .findFirst({ where: { organisationId, name, NOT: exceptTeamId ? { id: exceptTeamId } : undefined }, select: { id: true } })
    .then(Boolean);
}

export async function createTeam(organisationId: string, serviceId: string, name: string) {
  const service = await prisma.service.findFirst({ where: { id: serviceId, organisationId }, select: { id: true } });
  if (!service) throw new Response("Unknown service", { status: 400 });
  return prisma.team.create({ data: { organisationId, serviceId, name }, select: { id: true } });
}

export function renameTeam(teamId: string, name: string) {
  return prisma.team.update({ where: { id: teamId }, data: { name } });
}

export function setTeamArchived(teamId: string, archived: boolean) {
  return prisma.team.update({ where: { id: teamId }, data: { archivedAt: archived ? new Date() : null } });
}

/** Establishment for one month ("YYYY-MM"); replaces any figure already given for that month. */
export function setHeadcount(teamId: string, periodMonth: string, headcount: number) {
  return prisma.teamHeadcount.upsert({
    where: { teamId_periodMonth: { teamId, periodMonth } },
    create: { teamId, periodMonth, headcount },
    update: { headcount },
  });
}

/**
 * Merges a team into another: its staff members and manager remits move to the target, and it is
 * archived with a pointer to the target. Past exposures stay with the team they happened in.
 */
export async function mergeTeam(organisationId: string, sourceId: string, targetId: string) {
  const target = await prisma.team.findFirst({
    where: { id: targetId, organisationId, archivedAt: null, NOT: { id: sourceId } },
    select: { id: true },
  });
  if (!target) throw new Response("Choose an active team to merge into", { status: 400 });
  const remits = await prisma.managerRemit.findMany({ where: { teamId: sourceId }, select: { userId: true } });
  await prisma.$transaction([
    prisma.staffMember.updateMany({ where: { teamId: sourceId }, data: { teamId: targetId } }),
    ...remits.map(({ userId }) =>
      prisma.managerRemit.upsert({
        where: { userId_teamId: { userId, teamId: targetId } },
        create: { userId, teamId: targetId },
        update: {},
      }),
    ),
    prisma.managerRemit.deleteMany({ where: { teamId: sourceId } }),
    prisma.team.update({ where: { id: sourceId }, data: { archivedAt: new Date(), mergedIntoId: targetId } }),
  ]);
}
