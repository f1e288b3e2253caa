import { randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { prisma, rawRead } from "~/db.server";
import { sqliteTimestamp } from "~/db/write-queue.server";
import { getEnv } from "~/env.server";
import { isRole, type Role } from "~/auth/roles";
import { recordAudit } from "~/models/audit.server";
import { holdsCase } from "~/models/staff.server";
import { holdsControlCharacter, sameOriginPath } from "~/utils/redirect";

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
// Refreshing lastSeenAt at most once a minute keeps reads from turning into writes.
const TOUCH_INTERVAL_MS = 60 * 1000;
const SESSION_ID_KEY = "sessionId";

export type SessionStage = "active" | "mfa_verify" | "mfa_enrol";

type SessionData = { [SESSION_ID_KEY]: string };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;
function sessionStorage() {
  const env = getEnv();
  const production = env.NODE_ENV === "production";
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      // __Host- binds the cookie to this exact host, over HTTPS, for the whole site.
      name: production ? "__Host-debrief_session" : "debrief_session",
      httpOnly: true,
      secure: production,
      sameSite: "lax",
      path: "/",
      secrets: [env.SESSION_SECRET],
    },
  });
  return storage;
}

async function readSessionId(request: Request) {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const id = session.get(SESSION_ID_KEY);
  return typeof id === "string" ? id : null;
}

/** 128 random bits, URL-safe. */
export function newSessionId() {
  return randomBytes(16).toString("base64url");
}

export type CurrentUser = {
  id: string;
  email: string;
  displayName: string;
  organisationId: string;
  isDemoAccount: boolean;
  totpEnabledAt: Date | null;
  roles: Role[];
  organisation: { name: string; isDemo: boolean; timeZone: string; mfaRequired: boolean; anonymityThreshold: number; publicationDelayDays: number };
};

/** The session and its user in one raw statement: every request asks, so it costs no Prisma plan. */
const LIVE_SESSION_SQL = `
  SELECT s.id, s.stage, s.lastSeenAt,
    u.id AS userId, u.email, u.displayName, u.organisationId, u.isDemoAccount, u.totpEnabledAt,
    (SELECT json_group_array(r.role) FROM UserRole r WHERE r.userId = u.id) AS roles,
    o.name AS organisationName, o.isDemo, o.timeZone, o.mfaRequired, o.anonymityThreshold, o.publicationDelayDays
  FROM Session s JOIN User u ON u.id = s.userId JOIN Organisation o ON o.id = u.organisationId
  WHERE s.id = ? AND julianday(s.expiresAt) > julianday(?) AND julianday(s.lastSeenAt) > julianday(?) AND u.disabledAt IS NULL`;

type LiveSessionRow = {
  id: string;
  stage: string;
  lastSeenAt: string;
  userId: string;
  email: string;
  displayName: string;
  organisationId: string;
  isDemoAccount: number | boolean;
  totpEnabledAt: string | null;
  roles: string;
  organisationName: string;
  isDemo: number | boolean;
  timeZone: string;
  mfaRequired: number | boolean;
  anonymityThreshold: number | bigint;
  publicationDelayDays: number | bigint;
};

/**
 * The live session behind the request's cookie, whatever its stage, or null. A session lives
 * 30 minutes after the last request and at most 12 hours after sign-in, and ends with its user.
 */
export async function getSession(request: Request, now = new Date()) {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const row = await rawRead<LiveSessionRow>(LIVE_SESSION_SQL, sessionId, sqliteTimestamp(now), sqliteTimestamp(new Date(now.getTime() - IDLE_TIMEOUT_MS)));
  if (!row) return null;
  if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  const user: CurrentUser = {
    id: row.userId,
    email: row.email,
    displayName: row.displayName,
    organisationId: row.organisationId,
    isDemoAccount: Boolean(row.isDemoAccount),
    totpEnabledAt: row.totpEnabledAt === null ? null : new Date(row.totpEnabledAt),
    roles: (JSON.parse(row.roles) as string[]).filter(isRole),
    organisation: {
      name: row.organisationName,
      isDemo: Boolean(row.isDemo),
      timeZone: row.timeZone,
      mfaRequired: Boolean(row.mfaRequired),
      anonymityThreshold: Number(row.anonymityThreshold),
      publicationDelayDays: Number(row.publicationDelayDays),
    },
  };
  return { id: row.id, stage: row.stage as SessionStage, user };
}

/** The signed-in user (sign-in fully completed, MFA included), or null. */
export async function getCurrentUser(request: Request, now = new Date()): Promise<CurrentUser | null> {
  const session = await getSession(request, now);
  return session?.stage === "active" ? session.user : null;
}

/** Throws a redirect to the sign-in page (or the MFA step still owed), remembering where the user was going. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const session = await getSession(request);
  if (session?.stage === "active") return session.user;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  const search = redirectTo === "/" ? "" : `?${new URLSearchParams({ redirectTo })}`;
  if (session?.stage === "mfa_verify") throw redirect(`/login/two-factor${search}`);
  if (session?.stage === "mfa_enrol") throw redirect(`/account/two-factor${search}`);
  throw redirect(`/login${search}`);
}

/**
 * Where a sign-in step goes next, from the `redirectTo` the request carries (the query, or the form's
 * hidden field): a path of this site, or null (the user's home page). A target holding a control
 * character is a malformed link, refused with 400 before anything else is done.
 */
export function redirectTargetOf(request: Request, to: unknown): string | null {
  if (typeof to !== "string") return null;
  if (holdsControlCharacter(to)) {
    throw new Response("The link you followed is not valid. Go to the start page and sign in from there.", { status: 400 });
  }
  return sameOriginPath(to, new URL(request.url).origin);
}

async function denied(request: Request, user: CurrentUser, reason: string) {
  await recordAudit({
    action: "permission_denied",
    request,
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "route",
    entityId: new URL(request.url).pathname,
    detail: { reason },
  });
  return new Response("You do not have access to this page.", { status: 403 });
}

/** Throws 403 (and writes the refusal to the audit log) unless the signed-in user holds the role. */
export async function requireRole(request: Request, role: Role): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.roles.includes(role)) throw await denied(request, user, `needs role ${role}`);
  return user;
}

/** Throws 403 (audited) unless the signed-in user holds at least one of the roles. */
export async function requireAnyRole(request: Request, roles: readonly Role[]): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!roles.some((role) => user.roles.includes(role))) throw await denied(request, user, `needs one of the roles ${roles.join(", ")}`);
  return user;
}

/**
 * Throws unless the signed-in supporter created or was assigned this staff member's case.
 * An unknown case and someone else's case look the same (404), so ids cannot be probed.
 */
export async function requireCaseAccess(request: Request, staffMemberId: string): Promise<CurrentUser> {
  const user = await requireRole(request, "supporter");
  if (!(await holdsCase(user.id, user.organisationId, staffMemberId))) {
    await denied(request, user, "not this supporter's case");
    throw new Response("There is no case at this address.", { status: 404 });
  }
  return user;
}

async function commit(sessionId: string) {
  const session = await sessionStorage().getSession();
  session.set(SESSION_ID_KEY, sessionId);
  return sessionStorage().commitSession(session, { maxAge: ABSOLUTE_TIMEOUT_MS / 1000 });
}

/** The stage a user starts in after a correct password. */
export function stageAfterPassword(user: { totpEnabledAt: Date | null; isDemoAccount: boolean; mfaRequired: boolean }): SessionStage {
  if (user.totpEnabledAt) return "mfa_verify";
  if (user.mfaRequired && !user.isDemoAccount) return "mfa_enrol";
  return "active";
}

/** Replaces any session the browser had with a new one (fresh id) in the given stage; returns its cookie. */
export async function newSessionCookie(request: Request, userId: string, stage: SessionStage, now = new Date()) {
  const previous = await readSessionId(request);
  const id = newSessionId();
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { id: previous ?? "" } }),
    prisma.session.create({
      data: { id, userId, stage, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS) },
    }),
  ]);
  return commit(id);
}

/** Starts a session and redirects: to the destination when active, otherwise to the MFA step owed. */
export async function startSession(request: Request, userId: string, stage: SessionStage, redirectTo: string, now = new Date()) {
  const cookie = await newSessionCookie(request, userId, stage, now);
  const next = redirectTo === "/" ? "" : `?${new URLSearchParams({ redirectTo })}`;
  const location =
    stage === "active" ? redirectTo : stage === "mfa_verify" ? `/login/two-factor${next}` : `/account/two-factor${next}`;
  return redirect(location, { headers: { "Set-Cookie": cookie } });
}

/**
 * Completes a sign-in whose MFA was just set up, in place. The id was issued moments ago at the
 * password step; keeping it lets the page that shows the recovery codes render after the change.
 */
export async function activateSession(sessionId: string) {
  await prisma.session.update({ where: { id: sessionId }, data: { stage: "active" } });
}

/** Ends the request's session on the server and clears the cookie. */
export async function destroyUserSession(request: Request, redirectTo = "/login") {
  const sessionId = await readSessionId(request);
  if (sessionId) await prisma.session.deleteMany({ where: { id: sessionId } });
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await sessionStorage().destroySession(session) },
  });
}

/** Ends every session of a user at once (disable, password change). */
export function endAllSessions(userId: string) {
  return prisma.session.deleteMany({ where: { userId } });
}
