import { createHash, randomBytes } from "node:crypto";
import { hashPassword } from "~/auth/password.server";
import { prisma, type PrismaClient } from "~/db.server";

export const INVITATION_LIFETIME_MS = 72 * 60 * 60 * 1000;
// A reset link travels by e-mail to an account that already works: an hour is enough to use it.
export const RESET_LIFETIME_MS = 60 * 60 * 1000;

/** invitation: the account has never had a password; reset: a new one for an account that has. */
export type LinkPurpose = "invitation" | "reset";

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

function newLink(userId: string, createdById: string | null, purpose: LinkPurpose, now: Date, client: PrismaClient) {
  const token = randomBytes(32).toString("base64url");
  const lifetime = purpose === "reset" ? RESET_LIFETIME_MS : INVITATION_LIFETIME_MS;
  const writes = [
    client.invitation.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } }),
    client.invitation.create({
      data: { userId, createdById, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + lifetime), createdAt: now },
    }),
  ];
  return { token, writes };
}

/** A new one-time link token for the user (any earlier unused link stops working). Only its hash is stored. */
export async function createInvitation(userId: string, createdById: string | null, now = new Date(), client: PrismaClient = prisma) {
  const { token, writes } = newLink(userId, createdById, "invitation", now, client);
  await client.$transaction(writes);
  return token;
}

/**
 * A one-hour reset link for the person's own address, in one transaction with the end of every
 * session they have: whoever might be signed in as them is signed out now, not when the link is used.
 */
export async function createPasswordReset(userId: string, requestedById: string, now = new Date()) {
  const { token, writes } = newLink(userId, requestedById, "reset", now, prisma);
  await prisma.$transaction([...writes, prisma.session.deleteMany({ where: { userId } })]);
  return token;
}

export function invitationPath(token: string) {
  return `/invite/${token}`;
}

export function passwordResetPath(token: string) {
  return `/reset-password/${token}`;
}

/** The link of this purpose behind a token if it is unused, unexpired and its user enabled; else null. */
export function findValidInvitation(token: string, purpose: LinkPurpose, now = new Date()) {
  return prisma.invitation.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now }, user: { disabledAt: null } },
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

/**
 * Sets the password, spends the link and ends every session of the user, together: a link works
 * exactly once, and a new password leaves no one signed in with the old one.
 */
export async function acceptInvitation(invitationId: string, userId: string, password: string, now = new Date()) {
  const hash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const spent = await tx.invitation.updateMany({ where: { id: invitationId, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) return false;
    await tx.password.upsert({ where: { userId }, create: { userId, hash }, update: { hash } });
    await tx.session.deleteMany({ where: { userId } });
    return true;
  });
}
