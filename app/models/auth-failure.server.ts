import { FAILURE_WINDOW_MS, throttleState } from "~/auth/throttle";
import { prisma } from "~/db.server";

/** Keys a sign-in or MFA attempt is counted under: the account and the client's address. */
export function throttleKeys(kind: "login" | "totp", account: string, ip: string | null) {
  return [`${kind}:account:${account.toLowerCase()}`, `${kind}:ip:${ip ?? "unknown"}`];
}

/** The longest wait any of the keys imposes now (0 when none is limited). */
export async function secondsUntilAllowed(keys: string[], now = new Date()) {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  let wait = 0;
  for (const key of keys) {
    const failures = await prisma.authFailure.findMany({
      where: { key, createdAt: { gt: since } },
      select: { createdAt: true },
      orderBy: { createdAt: "desc" },
      take: 50,
    });
    const state = throttleState(failures.map((f) => f.createdAt), now);
    wait = Math.max(wait, state.retryAfterSeconds);
  }
  return wait;
}

export async function recordFailure(keys: string[], now = new Date()) {
  await prisma.authFailure.createMany({ data: keys.map((key) => ({ key, createdAt: now })) });
}

/** A success clears the account's count (the address keeps its own). */
export async function clearAccountFailures(keys: string[]) {
  await prisma.authFailure.deleteMany({ where: { key: { in: keys.filter((k) => k.includes(":account:")) } } });
}
