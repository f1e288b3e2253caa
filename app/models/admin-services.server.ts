// The organisation's services (agencies: police, ambulance, a control room …), which hold its teams.
// Names and kinds only: nothing here carries a record or a figure about people.
import { prisma } from "~/db.server";
import type { ServiceKind } from "~/domain/vocabulary";

/** Names in the order people read them: case and accents aside ("Fire and Rescue" before "Fire Control"). */
const byName = new Intl.Collator("en-GB", { sensitivity: "base", numeric: true }).compare;

/** Every service with how many active and archived teams it holds; active services first, then by name. */
export async function listServicesForAdmin(organisationId: string) {
  const services = await prisma.service.findMany({
    where: { organisationId },
    select: {
      id: true,
      name: true,
      kind: true,
      archivedAt: true,
      _count: { select: { teams: { where: { archivedAt: null } } } },
      teams: { where: { archivedAt: { not: null } }, select: { id: true } },
    },
  });
  return services
    .map(({ _count, teams, ...service }) => ({ ...service, activeTeams: _count.teams, archivedTeams: teams.length }))
    .sort((a, b) => Number(a.archivedAt !== null) - Number(b.archivedAt !== null) || byName(a.name, b.name));
}

/** Services that may take new teams (not archived), by name. */
export async function listActiveServices(organisationId: string) {
  const services = await prisma.service.findMany({ where: { organisationId, archivedAt: null }, select: { id: true, name: true } });
  return services.sort((a, b) => byName(a.name, b.name));
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
