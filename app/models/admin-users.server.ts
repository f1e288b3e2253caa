import { type Role } from "~/auth/roles";
import { schedulePublication } from "~/models/publication.server";
import { endAllSessions } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createInvitation } from "~/models/invitation.server";
import { requireReferences } from "~/models/references.server";

export function listUsers(organisationId: string) {
  return prisma.user.findMany({
    where: { organisationId },
    select: {
      id: true,
      email: true,
      displayName: true,
      disabledAt: true,
      totpEnabledAt: true,
      lastLoginAt: true,
      password: { select: { userId: true } },
      roles: { select: { role: true } },
    },
    orderBy: { displayName: "asc" },
  });
}

export function getUserForAdmin(organisationId: string, userId: string) {
  return prisma.user.findFirst({
    where: { id: userId, organisationId },
    select: {
      id: true,
      email: true,
      displayName: true,
      disabledAt: true,
      totpEnabledAt: true,
      password: { select: { userId: true } },
      roles: { select: { role: true } },
      remit: { select: { teamId: true } },
    },
  });
}

/** Creates the account (no password) and its one-time link, in one go. */
export async function inviteUser(input: {
  organisationId: string;
  invitedById: string;
  email: string;
  displayName: string;
  roles: Role[];
  remitTeamIds: string[];
}) {
  await requireReferences({ organisationId: input.organisationId }, { teams: input.remitTeamIds });
  const user = await prisma.user.create({
    data: {
      organisationId: input.organisationId,
      email: input.email,
      displayName: input.displayName,
      roles: { create: input.roles.map((role) => ({ role })) },
      remit: { create: input.remitTeamIds.map((teamId) => ({ teamId })) },
    },
    select: { id: true },
  });
  const token = await createInvitation(user.id, input.invitedById);
  if (input.roles.includes("manager")) schedulePublication(input.organisationId);
  return { userId: user.id, token };
}

export async function updateRolesAndRemit(organisationId: string, userId: string, roles: Role[], remitTeamIds: string[]) {
  await requireReferences({ organisationId }, { users: [userId], teams: remitTeamIds });
  await prisma.$transaction([
    prisma.userRole.deleteMany({ where: { userId } }),
    prisma.userRole.createMany({ data: roles.map((role) => ({ userId, role })) }),
    prisma.managerRemit.deleteMany({ where: { userId } }),
    prisma.managerRemit.createMany({ data: remitTeamIds.map((teamId) => ({ userId, teamId })) }),
  ]);
  // A remit no one had before is a new audience: its months are published in the background.
  if (roles.includes("manager")) schedulePublication(organisationId);
}

/** Disabling ends the user's sessions at once; their records stay. */
export async function setDisabled(userId: string, disabled: boolean) {
  await prisma.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
  if (disabled) await endAllSessions(userId);
}
