import { prisma } from "~/db.server";

/** Teams in a manager's remit, by service. Names only: no figures about people. */
export function remitTeams(managerId: string) {
  return prisma.team.findMany({
    where: { managerRemits: { some: { userId: managerId } }, archivedAt: null },
    select: { id: true, name: true, service: { select: { name: true } } },
    orderBy: [{ service: { name: "asc" } }, { name: "asc" }],
  });
}

export async function organisationOverview(organisationId: string) {
  const [organisation, services, teams, users] = await Promise.all([
    prisma.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { name: true, anonymityThreshold: true, mfaRequired: true, retentionMonths: true, timeZone: true },
    }),
    prisma.service.count({ where: { organisationId } }),
    prisma.team.count({ where: { organisationId, archivedAt: null } }),
    prisma.user.count({ where: { organisationId, disabledAt: null } }),
  ]);
  const followUpSteps = await prisma.followUpProtocolStep.findMany({
    where: { organisationId },
    select: { label: true, offsetHours: true },
    orderBy: { sortOrder: "asc" },
  });
  return { organisation, counts: { services, teams, users }, followUpSteps };
}
