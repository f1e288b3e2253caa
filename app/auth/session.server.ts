import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { isRole, type Role } from "~/auth/roles";

const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
const SESSION_ID_KEY = "sessionId";

type SessionData = { [SESSION_ID_KEY]: string };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;
function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: "__debrief_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secrets: [getEnv().SESSION_SECRET],
    },
  });
  return storage;
}

function isHttps(request: Request) {
  return new URL(request.url).protocol === "https:";
}

async function readSessionId(request: Request) {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const id = session.get(SESSION_ID_KEY);
  return typeof id === "string" ? id : null;
}

export type CurrentUser = {
  id: string;
  email: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  organisation: { name: string; isDemo: boolean; timeZone: string };
};

/** The signed-in user, or null when there is no live session for an enabled account. */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const session = await prisma.session.findFirst({
    where: { id: sessionId, expiresAt: { gt: new Date() }, user: { disabledAt: null } },
    select: {
      user: {
        select: {
          id: true,
          email: true,
          displayName: true,
          organisationId: true,
          roles: { select: { role: true } },
          organisation: { select: { name: true, isDemo: true, timeZone: true } },
        },
      },
    },
  });
  if (!session) return null;
  const { roles, ...user } = session.user;
  return { ...user, roles: roles.map((r) => r.role).filter(isRole) };
}

function safeRedirectTarget(to: string | null | undefined, fallback = "/") {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
export { safeRedirectTarget };

/** Throws a redirect to the sign-in page, remembering where the user was going. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  const search = redirectTo === "/" ? "" : `?${new URLSearchParams({ redirectTo })}`;
  throw redirect(`/login${search}`);
}

/** Throws 403 unless the signed-in user holds the role. */
export async function requireRole(request: Request, role: Role): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.roles.includes(role)) {
    throw new Response("You do not have access to this page.", { status: 403 });
  }
  return user;
}

export async function createUserSession(request: Request, userId: string, redirectTo: string) {
  const record = await prisma.session.create({
    data: { userId, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) },
    select: { id: true },
  });
  const session = await sessionStorage().getSession();
  session.set(SESSION_ID_KEY, record.id);
  return redirect(redirectTo, {
    headers: {
      "Set-Cookie": await sessionStorage().commitSession(session, {
        maxAge: SESSION_LIFETIME_MS / 1000,
        secure: isHttps(request),
      }),
    },
  });
}

export async function destroyUserSession(request: Request) {
  const sessionId = await readSessionId(request);
  if (sessionId) await prisma.session.deleteMany({ where: { id: sessionId } });
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  return redirect("/login", {
    headers: { "Set-Cookie": await sessionStorage().destroySession(session) },
  });
}
