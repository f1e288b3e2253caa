import { prisma } from "~/db.server";
import { requireReferences } from "~/models/references.server";

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

export function getTeamForAdmin(organisationId: string, teamId: string) {
  return prisma.team.findFirst({
    where: { id: teamId, organisationId },
    select: {
      id: true,
      name: true,
      archivedAt: true,
      mergedInto: { select: { id: true, name: true } },
      service: { select: { id: true, name: true } },
      _count: { select: { staffMembers: true } },
    },
  });
}

export function teamNameTaken(organisationId: string, name: string, exceptTeamId?: string) {
  return prisma.team
    .findFirst({ where: { organisationId, name, NOT: exceptTeamId ? { id: exceptTeamId } : undefined }, select: { id: true } })
    .then(Boolean);
}

/** Adds a team to an active service of the organisation; a 400 for any other service. */
export async function createTeam(organisationId: string, serviceId: string, name: string) {
  await requireReferences({ organisationId }, { activeServices: [serviceId] });
  return prisma.team.create({ data: { organisationId, serviceId, name }, select: { id: true } });
}

/**
 * Moves a team to another active service of the organisation. Its records go with it (they belong
 * to the team), so from now on the service's figures include the team's whole history. Returns the
 * services it left and joined, or null when it was already there; a 400 for a service it may not
 * move to.
 */
export async function moveTeam(organisationId: string, teamId: string, serviceId: string) {
  await requireReferences({ organisationId }, { teams: [teamId], activeServices: [serviceId] });
  const [team, service] = await Promise.all([
    prisma.team.findFirst({ where: { id: teamId, organisationId }, select: { serviceId: true, service: { select: { name: true } } } }),
    prisma.service.findFirst({ where: { id: serviceId, organisationId, archivedAt: null }, select: { id: true, name: true } }),
  ]);
  if (!team || !service) throw new Response("Choose an active service of this organisation.", { status: 400 });
  if (team.serviceId === serviceId) return null;
  await prisma.team.update({ where: { id: teamId }, data: { serviceId } });
  return { from: team.serviceId, fromName: team.service.name, to: service.id, toName: service.name };
}

export function renameTeam(teamId: string, name: string) {
  return prisma.team.update({ where: { id: teamId }, data: { name } });
}

export function setTeamArchived(teamId: string, archived: boolean) {
  return prisma.team.update({ where: { id: teamId }, data: { archivedAt: archived ? new Date() : null } });
}

/**
 * Merges a team into another: its staff members and manager remits move to the target, and it is
 * archived with a pointer to the target. Past exposures stay with the team they happened in.
 */
export async function mergeTeam(organisationId: string, sourceId: string, targetId: string) {
  await requireReferences({ organisationId }, { teams: [sourceId], activeTeams: [targetId] });
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

/** The team's moves between services, newest first, from the audit log (which keeps the names as they were). */
export async function listTeamMoves(organisationId: string, teamId: string) {
  const events = await prisma.auditEvent.findMany({
    where: { organisationId, entityType: "team", entityId: teamId, action: "team.move" },
    select: { id: true, detail: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
  return events.map((event) => {
    const detail = JSON.parse(event.detail ?? "{}") as { fromName?: string; toName?: string };
    return { id: event.id, when: event.createdAt, from: detail.fromName ?? "another service", to: detail.toName ?? "another service" };
  });
}
