import { verifyAgainstDummy, verifyPassword } from "~/auth/password.server";
import { isRole } from "~/auth/roles";
import { prisma } from "~/db.server";

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/**
 * The user for these credentials (null when they are wrong), and the accounts the address belongs
 * to (to audit a failure against). An address may hold an account in several organisations
 * (docs/decisions/0007): the password is checked against each of them at once (argon2 runs on the
 * thread pool, so two checks take the time of one). When it is right for one account, that is the
 * user; when it is right for several, `organisations` lists theirs for the person to choose from
 * (they proved the password of each), and the choice comes back as `organisationId`. Unknown
 * addresses, disabled accounts and wrong passwords all cost one round of argon2 and get the same
 * answer, so they look the same from outside. Only the accounts in `countedAccountIds` (those the
 * attempt was counted against, from `accountIdsOfAddress`) are checked; `rightFor` names the
 * accounts the password was right for.
 */
export async function verifyLogin(email: string, password: string, organisationId: string | undefined, countedAccountIds: string[]) {
  const users = await prisma.user.findMany({
    where: { email: normaliseEmail(email), organisationId, id: { in: countedAccountIds } },
    select: {
      id: true,
      organisationId: true,
      disabledAt: true,
      isDemoAccount: true,
      totpEnabledAt: true,
      password: { select: { hash: true } },
      roles: { select: { role: true } },
      organisation: { select: { mfaRequired: true, name: true } },
    },
  });
  const accounts = users.map((u) => ({ id: u.id, organisationId: u.organisationId }));
  const withPassword = users.filter((u) => u.password);
  if (withPassword.length === 0) return verifyAgainstDummy(password).then(() => ({ user: null, organisations: null, accounts, rightFor: [] }));
  const valid = await Promise.all(withPassword.map((u) => verifyPassword(u.password!.hash, password)));
  const matching = withPassword.filter((u, index) => valid[index] && !u.disabledAt);
  if (matching.length > 1) {
    const organisations = matching.map((u) => ({ id: u.organisationId, name: u.organisation.name })).sort((a, b) => a.name.localeCompare(b.name));
    return { user: null, organisations, accounts, rightFor: matching.map((u) => u.id) };
  }
  const user = matching[0];
  if (!user) return { user: null, organisations: null, accounts, rightFor: [] };
  await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return {
    accounts,
    organisations: null,
    rightFor: [user.id],
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

/**
 * Every account the address has, in any organisation: a sign-in attempt at the address is counted
 * against each of them, whichever organisation it names, so the limit an attacker meets never
 * depends on which organisations hold the address.
 */
export async function accountIdsOfAddress(email: string) {
  const users = await prisma.user.findMany({ where: { email: normaliseEmail(email) }, select: { id: true }, orderBy: { id: "asc" } });
  return users.map((u) => u.id);
}

/** Whether a user of this organisation already has the address (other organisations are never asked). */
export function emailInOrganisation(organisationId: string, email: string) {
  return prisma.user.findUnique({ where: { organisationId_email: { organisationId, email: normaliseEmail(email) } }, select: { id: true } }).then(Boolean);
}
