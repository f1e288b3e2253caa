import { createHash } from "node:crypto";
import { backOff } from "exponential-backoff";
import { CHECK_TIMEOUT_MS, FAILURE_WINDOW_MS, MAX_FAILURES, attemptVerdict, type KeyCounts } from "~/auth/throttle";
import { throttleKeyHash } from "~/auth/throttle-key.server";
import { WRITE_MAX_WAIT_MS, prisma, saveTogether } from "~/db.server";
import { tryLockUntilCommit } from "~/db/dialect.server";
import { get, insert, type SqlSteps } from "~/db/sql-steps";
import { sqliteTimestamp } from "~/db/write-queue.server";
import { getEnv } from "~/env.server";

/**
 * A throttle key as stored: a keyed hash (HMAC-SHA256 under a key derived from SESSION_SECRET), so
 * a copy of the database does not list the addresses typed at sign-in nor where they came from.
 * The same subject always gives the same key, which is all counting needs.
 */
function storedThrottleKey(subject: string) {
  return throttleKeyHash(getEnv().SESSION_SECRET, subject);
}

/**
 * Keys a sign-in attempt at an address is counted under: each account the address has (every
 * organisation's, whichever the attempt names), or the address itself when no account has it, and
 * the client's address. Counting per account means one account's successful sign-in forgives only
 * that account's failures: organisation B's account at the same address cannot clear what was
 * counted against organisation A's (docs/decisions/0007).
 */
export function loginThrottleKeys(email: string, accountIds: string[], ip: string | null) {
  const accounts = accountIds.map((id) => ({ id, key: storedThrottleKey(`login:user:${id}`) }));
  const keys = accounts.length > 0 ? accounts.map((account) => account.key) : [storedThrottleKey(`login:address:${email.toLowerCase()}`)];
  return { keys: [...keys, storedThrottleKey(`login:ip:${ip ?? "unknown"}`)], accountKey: (id: string) => accounts.find((account) => account.id === id)?.key ?? null };
}

/** Keys a two-factor attempt is counted under: the one account signing in, and the client's address. */
export function totpThrottleKeys(userId: string, ip: string | null) {
  const account = storedThrottleKey(`totp:user:${userId}`);
  return { keys: [account, storedThrottleKey(`totp:ip:${ip ?? "unknown"}`)], account };
}

/** How long an attempt may wait for others still being checked before it is answered as refused. */
const SETTLE_WAIT_MS = 10_000;

/**
 * Checks a password or code (`check`; `forgiven` gives, for a right one, the keys whose failures it
 * clears, and null for a wrong one) only if the attempt is within the limits of ALL its keys, and
 * counts it BEFORE checking, so guesses sent at the same moment cannot all be checked:
 * 1. in one transaction, the attempt is refused (with the wait) when a key has reached the limit;
 *    otherwise it is written under every key, marked as being checked;
 * 2. the check runs, outside any transaction;
 * 3. a right attempt's rows are deleted, with the earlier failures of the keys `forgiven` names
 *    for it (the accounts it was right for; never a client address's, nor another account's); a
 *    wrong one's (or one whose check threw) stay as failures.
 * Attempts being checked count against the limit, so one that could pass it together with them
 * waits until they are checked instead of being refused: people signing in at the same moment
 * from one office still all get in.
 */
export async function throttledCheck<T>(
  keys: string[],
  check: () => Promise<T>,
  forgiven: (result: T) => string[] | null,
): Promise<{ allowed: true; result: T } | { allowed: false; retryAfterSeconds: number }> {
  const claim = await claimAttempt(keys);
  if (claim.verdict !== "go") return { allowed: false, retryAfterSeconds: claim.retryAfterSeconds };
  let result: T;
  try {
    result = await check();
  } catch (error) {
    // If even this fails, the rows count as failures once CHECK_TIMEOUT_MS has passed.
    await settleAsFailure(claim.ids).catch(() => undefined);
    throw error;
  }
  const forgivenKeys = forgiven(result);
  if (forgivenKeys) await forgive(claim.ids, forgivenKeys.filter((key) => keys.includes(key)));
  else await settleAsFailure(claim.ids);
  return { allowed: true, result };
}

type Claim = { verdict: "go"; ids: number[] } | { verdict: "refuse" | "wait"; retryAfterSeconds: number };

/** The attempt must wait: others under its keys are being checked, or counted this moment. */
class MustWait extends Error {
  constructor(readonly claim: Claim) {
    super("Other attempts under these keys are still being checked");
  }
}

/**
 * Step 1, tried again while the attempt must wait (at growing, jittered intervals, so waiting
 * attempts do not crowd the database), and answered as refused if the others take too long.
 */
async function claimAttempt(keys: string[]): Promise<Claim> {
  const deadline = Date.now() + SETTLE_WAIT_MS;
  try {
    return await backOff(
      async () => {
        const claim = await saveTogether(() => claimSteps(keys, new Date()), { maxWaitMs: WRITE_MAX_WAIT_MS });
        if (claim.verdict === "wait") throw new MustWait(claim);
        return claim;
      },
      { startingDelay: 50, timeMultiple: 2, maxDelay: 1_000, jitter: "full", numOfAttempts: Number.MAX_SAFE_INTEGER, retry: (error) => error instanceof MustWait && Date.now() < deadline },
    );
  } catch (error) {
    if (error instanceof MustWait) return error.claim;
    throw error;
  }
}

/**
 * Counting and writing take turns across requests and app servers: on SQLite the transaction holds
 * the database's write lock from its start; on PostgreSQL (READ COMMITTED) it first takes a lock
 * per key (or, if one is held, must wait), so each statement after it reads what the previous
 * holder committed. Settling an attempt takes no lock: it only turns "being checked" into a
 * failure, or deletes.
 */
function* claimSteps(keys: string[], now: Date): SqlSteps<Claim> {
  if (tryLockUntilCommit) {
    for (const lock of lockNumbers(keys)) {
      // Another attempt under the key is being counted this moment: try again shortly.
      if (!(yield* get<{ locked: boolean }>(tryLockUntilCommit, lock))?.locked) return { verdict: "wait", retryAfterSeconds: 1 };
    }
  }
  const windowStart = sqliteTimestamp(new Date(now.getTime() - FAILURE_WINDOW_MS));
  const cutShort = sqliteTimestamp(new Date(now.getTime() - CHECK_TIMEOUT_MS));
  const counts: KeyCounts[] = [];
  for (const key of keys) {
    // One statement, so one snapshot: an attempt settled meanwhile (being checked, then a failure)
    // is counted once, never missed between two reads. The newest failures that count are the wrong
    // attempts and any cut short while being checked.
    const row = yield* get<KeyCountsRow>(
      `SELECT f.total AS failures, f.oldestAt AS oldestFailureAt, c.total AS checking, c.oldestAt AS oldestCheckingAt
       FROM (SELECT COUNT(*) AS total, MIN(createdAt) AS oldestAt FROM (
               SELECT createdAt FROM AuthFailure WHERE key = ? AND createdAt > ? AND (checking = FALSE OR createdAt <= ?)
               ORDER BY createdAt DESC LIMIT ?
             ) newest) f,
            (SELECT COUNT(*) AS total, MIN(createdAt) AS oldestAt FROM AuthFailure WHERE key = ? AND checking = TRUE AND createdAt > ?) c`,
      key,
      windowStart,
      cutShort,
      MAX_FAILURES,
      key,
      cutShort,
    );
    counts.push({
      failures: { count: Number(row?.failures ?? 0), oldestAt: instantOf(row?.oldestFailureAt) },
      checking: { count: Number(row?.checking ?? 0), oldestAt: instantOf(row?.oldestCheckingAt) },
    });
  }
  const verdict = attemptVerdict(counts, now);
  if (verdict.verdict !== "go") return verdict;
  const ids: number[] = [];
  for (const key of keys) ids.push(yield* insert(`INSERT INTO AuthFailure (key, createdAt, checking) VALUES (?, ?, TRUE)`, key, sqliteTimestamp(now)));
  return { verdict: "go", ids };
}

// SQLite gives a timestamp as its text, PostgreSQL's raw path as a Date.
type Timestamp = Date | string | null;
type KeyCountsRow = { failures: number; oldestFailureAt: Timestamp; checking: number; oldestCheckingAt: Timestamp };
const instantOf = (value: Timestamp | undefined) => (value ? new Date(value) : null);

/** A 64-bit lock number per key (as text: PostgreSQL reads it as a BIGINT), distinct and sorted. */
function lockNumbers(keys: string[]) {
  const numbers = keys.map((key) => createHash("sha256").update(`auth-throttle:${key}`).digest().readBigInt64BE(0));
  return [...new Set(numbers)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}

function settleAsFailure(ids: number[]) {
  return prisma.authFailure.updateMany({ where: { id: { in: ids } }, data: { checking: false } });
}

function forgive(ids: number[], keys: string[]) {
  return prisma.authFailure.deleteMany({ where: { OR: [{ id: { in: ids } }, { key: { in: keys } }] } });
}
