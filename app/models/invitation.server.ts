import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "~/auth/password.server";
import { prisma, type PrismaClient } from "~/db.server";

export const INVITATION_LIFETIME_MS = 72 * 60 * 60 * 1000;

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** A new one-time link token for the user (any earlier unused link stops working). Only its hash is stored. */
export async function createInvitation(userId: string, createdById: string | null, now = new Date(), client: PrismaClient = prisma) {
  const token = randomBytes(32).toString("base64url");
  await client.$transaction([
    client.invitation.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } }),
    client.invitation.create({
      data: { userId, createdById, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS), createdAt: now },
    }),
  ]);
  return token;
}

export function invitationPath(token: string) {
  return `/invite/${token}`;
}

/** The invitation behind a token if it is unused, unexpired and its user enabled; else null. */
export function findValidInvitation(token: string, now = new Date()) {
  return prisma.invitation.findFirst({
    where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now }, user: { disabledAt: null } },
    select: {
      id: true,
      user: {
        select: {
          id: true,
          email: true,
          displayName: true,
          organisationId: true,
          isDemoAccount: true,
          totpEnabledAt: true,
          roles: { select: { role: true } },
          organisation: { select: { mfaRequired: true } },
        },
      },
    },
  });
}

/** Sets the password and spends the link, together: a link works exactly once. */
export async function acceptInvitation(invitationId: string, userId: string, password: string, now = new Date()) {
  const hash = await hashPassword(password);
  const [spent] = await prisma.$transaction([
    prisma.invitation.updateMany({ where: { id: invitationId, usedAt: null }, data: { usedAt: now } }),
    prisma.password.upsert({ where: { userId }, create: { userId, hash }, update: { hash } }),
  ]);
  return spent.count === 1;
}
