import { verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import { isRole } from "~/auth/roles";
import { prisma } from "~/db.server";

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/**
 * The user for these credentials (null when they are wrong), and the account the address belongs to. Unknown addresses, disabled accounts and wrong
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
  // The account behind the address, if any, so a failure can be audited against it.
  const account = user ? { id: user.id, organisationId: user.organisationId } : null;
  if (!user?.password) return verifyAgainstDummy(password).then(() => ({ user: null, account }));
  const valid = await verifyPassword(user.password.hash, password);
  if (!valid || user.disabledAt) return { user: null, account };
  await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return {
    account,
    user: {
    id: user.id,
    organisationId: user.organisationId,
    roles: user.roles.map((r) => r.role).filter(isRole),
    totpEnabledAt: user.totpEnabledAt,
    isDemoAccount: user.isDemoAccount,
    mfaRequired: user.organisation.mfaRequired,
    },
  };
}
