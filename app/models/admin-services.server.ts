// The organisation's services (agencies: police, ambulance, a control room …), which hold its teams.
// Names and kinds only: nothing here carries a record or a figure about people.
import { prisma } from "~/db.server";
import type { ServiceKind } from "~/domain/vocabulary";

/** Every service with how many active and archived teams it holds; active services first. */
export async function listServicesForAdmin(organisationId: string) {
  const services = await prisma.service.findMany({
    where: { organisationId },
    select: { id: true, name: true, kind: true, archivedAt: true, teams: { select: { archivedAt: true } } },
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
  });
  return services.map(({ teams, ...service }) => ({
    ...service,
    activeTeams: teams.filter((t) => !t.archivedAt).length,
    archivedTeams: teams.filter((t) => t.archivedAt).length,
  }));
}

/** Services that may take new teams (not archived), by name. */
export function listActiveServices(organisationId: string) {
  return prisma.service.findMany({ where: { organisationId, archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/** One service of the organisation with its teams, or null. */
export function findServiceForAdmin(organisationId: string, serviceId: string) {
  return prisma.service.findFirst({
    where: { id: serviceId, organisationId },
    select: {
      id: true,
      name: true,
      kind: true,
      archivedAt: true,
      teams: { select: { id: true, name: true, archivedAt: true }, orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }] },
    },
  });
}

export function serviceNameTaken(organisationId: string, name: string, exceptServiceId?: string) {
  return prisma.service
    .findFirst({ where: { organisationId, name, NOT: exceptServiceId ? { id: exceptServiceId } : undefined }, select: { id: true } })
    .then(Boolean);
}

export function createService(organisationId: string, name: string, kind: ServiceKind) {
  return prisma.service.create({ data: { organisationId, name, kind }, select: { id: true, name: true } });
}

/** Renames a service or changes its kind; its teams and their records are untouched. */
export function updateService(organisationId: string, serviceId: string, input: { name: string; kind: ServiceKind }) {
  return prisma.service.updateMany({ where: { id: serviceId, organisationId }, data: input });
}

/**
 * Archives a service (or restores it). An archived service takes no new teams and is not offered
 * for them; its teams, their records and the figures they give stay as they were.
 */
export function setServiceArchived(organisationId: string, serviceId: string, archived: boolean) {
  return prisma.service.updateMany({ where: { id: serviceId, organisationId }, data: { archivedAt: archived ? new Date() : null } });
}
