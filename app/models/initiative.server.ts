import { prisma } from "~/db.server";

export function listInitiatives(organisationId: string) {
  return prisma.initiative.findMany({
    where: { organisationId },
    select: {
      id: true,
      name: true,
      description: true,
      startDate: true,
      endDate: true,
      _count: { select: { teams: true } },
    },
    orderBy: { startDate: "asc" },
  });
}
