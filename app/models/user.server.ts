import { hashPassword, verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import { isRole } from "~/auth/roles";
import { prisma } from "~/db.server";

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/**
 * The user for these credentials, or null. Unknown addresses, disabled accounts and wrong
 * passwords all cost one argon2 verification, so they look the same from outside.
 */
export async function verifyLogin(email: string, password: string) {
  const user = await prisma.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: {
      id: true,
      organisationId: true,
      disabledAt: true,
      isDemoAccount: true,
      totpEnabledAt: true,
      password: { select: { hash: true } },
      roles: { select: { role: true } },
      organisation: { select: { mfaRequired: true } },
    },
  });
  if (!user?.password) return verifyAgainstDummy(password).then(() => null);
  const valid = await verifyPassword(user.password.hash, password);
  if (!valid || user.disabledAt) return null;
  await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return {
    id: user.id,
    organisationId: user.organisationId,
    roles: user.roles.map((r) => r.role).filter(isRole),
    totpEnabledAt: user.totpEnabledAt,
    isDemoAccount: user.isDemoAccount,
    mfaRequired: user.organisation.mfaRequired,
  };
}

export async function findUserIdByEmail(email: string) {
  const user = await prisma.user.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true, organisationId: true } });
  return user;
}

export { hashPassword };
