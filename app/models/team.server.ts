import { prisma } from "~/db.server";

/** Teams in a manager's remit, by service. Names only: no figures about people. */
export function remitTeams(managerId: string) {
  return prisma.team.findMany({
    where: { managerRemits: { some: { userId: managerId } }, archivedAt: null },
    select: { id: true, name: true, serviceId: true, service: { select: { name: true } } },
    orderBy: [{ service: { name: "asc" } }, { name: "asc" }],
  });
}

/** Active teams of the organisation with their services, for organisation-wide figures. */
export function organisationTeams(organisationId: string) {
  return prisma.team.findMany({
    where: { organisationId, archivedAt: null },
    select: { id: true, name: true, serviceId: true, service: { select: { name: true } } },
    orderBy: [{ service: { name: "asc" } }, { name: "asc" }],
  });
}

/** Active teams of the organisation, by service: the choices for remits and staff members. */
export function activeTeams(organisationId: string) {
  return prisma.team.findMany({
    where: { organisationId, archivedAt: null },
    select: { id: true, name: true, service: { select: { name: true } } },
    orderBy: [{ service: { name: "asc" } }, { name: "asc" }],
  });
}

/** Active teams as options labelled "Team (Service)". */
export async function activeTeamOptions(organisationId: string) {
  return (await activeTeams(organisationId)).map((t) => ({ value: t.id, label: `${t.name} (${t.service.name})` }));
}

export async function organisationOverview(organisationId: string) {
  const [organisation, services, teams, users, invited] = await Promise.all([
    prisma.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { name: true, anonymityThreshold: true, mfaRequired: true, retentionMonths: true, timeZone: true },
    }),
    prisma.service.count({ where: { organisationId, archivedAt: null } }),
    prisma.team.count({ where: { organisationId, archivedAt: null } }),
    prisma.user.count({ where: { organisationId, disabledAt: null } }),
    // Invited and never signed in.
    prisma.user.count({ where: { organisationId, disabledAt: null, password: null, lastLoginAt: null } }),
  ]);
  const followUpSteps = await prisma.followUpProtocolStep.findMany({
    where: { organisationId },
    select: { label: true, offsetHours: true },
    orderBy: { sortOrder: "asc" },
  });
  return { organisation, counts: { services, teams, users, invited }, followUpSteps };
}
