// The set-up checklist on the admin's home: how far a new organisation has got, step by step, from
// counts of what it holds. Counts of configuration only: nothing about any staff member.
import { prisma } from "~/db.server";
import { countOf } from "~/utils/plural";

export type SetupStep = {
  key: "services" | "teams" | "headcounts" | "people" | "protocol" | "import" | "initiative";
  title: string;
  href: string;
  /** what is there so far, in words */
  status: string;
  done: boolean;
  optional?: boolean;
};

/** Each step of setting up the organisation, in order, with what is done; and whether the admin put the list away. */
export async function loadSetupChecklist(organisationId: string, currentMonth: string) {
  const [organisation, services, teams, teamsWithHeadcount, users, managersWithoutRemit, settingsSaved, imports, initiatives, steps] = await Promise.all([
    prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { setupChecklistHiddenAt: true } }),
    prisma.service.count({ where: { organisationId, archivedAt: null } }),
    prisma.team.count({ where: { organisationId, archivedAt: null } }),
    prisma.team.count({ where: { organisationId, archivedAt: null, headcounts: { some: { periodMonth: { lte: currentMonth } } } } }),
    prisma.userRole.groupBy({ by: ["role"], where: { user: { organisationId, disabledAt: null } }, _count: { _all: true } }),
    prisma.user.count({ where: { organisationId, disabledAt: null, roles: { some: { role: "manager" } }, remit: { none: {} } } }),
    prisma.auditEvent.count({ where: { organisationId, action: "settings.update" } }),
    prisma.importBatch.count({ where: { organisationId, undoneAt: null } }),
    prisma.initiative.count({ where: { organisationId } }),
    prisma.followUpProtocolStep.count({ where: { organisationId } }),
  ]);
  const withRole = (role: string) => users.find((u) => u.role === role)?._count._all ?? 0;
  const [supporters, managers, researchers] = [withRole("supporter"), withRole("manager"), withRole("researcher")];

  const checklist: SetupStep[] = [
    {
      key: "services",
      title: "Add the services",
      href: "/admin/services",
      status: services === 0 ? "No services yet: a service (police, ambulance, a control room …) holds teams" : countOf(services, "service"),
      done: services > 0,
    },
    {
      key: "teams",
      title: "Add the teams of each service",
      href: "/admin/teams",
      status: teams === 0 ? "No teams yet" : countOf(teams, "team"),
      done: teams > 0,
    },
    {
      key: "headcounts",
      title: "Give the teams’ headcounts",
      href: "/admin/headcounts",
      status: teams === 0 ? "Add teams first" : `${teamsWithHeadcount} of ${countOf(teams, "team")} have a headcount`,
      done: teams > 0 && teamsWithHeadcount === teams,
    },
    {
      key: "people",
      title: "Invite supporters, managers and researchers",
      href: "/admin/users",
      status:
        supporters + managers + researchers === 0
          ? "No supporter, manager or researcher yet (other administrators do not count here)"
          : `${countOf(supporters, "supporter")}, ${countOf(managers, "manager")}, ${countOf(researchers, "researcher")}` +
            (managersWithoutRemit > 0 ? `; ${countOf(managersWithoutRemit, "manager")} without teams to see` : "") +
            // Done needs someone to log cases and someone to see the trends: say which is missing.
            (supporters === 0 ? "; invite at least one supporter to log cases" : managers === 0 ? "; invite at least one manager to see team trends" : ""),
      done: supporters > 0 && managers > 0 && managersWithoutRemit === 0,
    },
    {
      key: "protocol",
      title: "Check the support protocol and settings",
      href: "/admin/settings",
      status: settingsSaved > 0 ? `Checked: ${countOf(steps, "follow-up step")}` : `Not checked yet: ${countOf(steps, "follow-up step")} by default`,
      done: settingsSaved > 0 && steps > 0,
    },
    {
      key: "import",
      title: "Import past records",
      href: "/admin/import",
      status: imports === 0 ? "Nothing imported yet (only if you have past records to bring in)" : countOf(imports, "import"),
      done: imports > 0,
      optional: true,
    },
    {
      key: "initiative",
      title: "Register the first information-sharing initiative",
      href: "/initiatives/new",
      status: initiatives === 0 ? "No initiatives yet" : countOf(initiatives, "initiative"),
      done: initiatives > 0,
    },
  ];
  return { checklist, complete: checklist.every((step) => step.done || step.optional), hidden: organisation.setupChecklistHiddenAt !== null };
}

/** Puts the checklist away, or brings it back. */
export function setSetupChecklistHidden(organisationId: string, hidden: boolean) {
  return prisma.organisation.update({ where: { id: organisationId }, data: { setupChecklistHiddenAt: hidden ? new Date() : null } });
}
