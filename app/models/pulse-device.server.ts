// "This device has answered": the only thing a pulse remembers about whoever answered, kept on
// their device. It holds check-in ids, never a person, and is signed so it cannot be forged.
import { createCookie } from "@remix-run/node";
import { getEnv } from "~/env.server";

const KEEP = 50;

let cookie: ReturnType<typeof createCookie> | undefined;
function answeredCookie() {
  const env = getEnv();
  cookie ??= createCookie("debrief_pulse", {
    path: "/pulse",
    httpOnly: true,
    sameSite: "lax",
    secure: env.NODE_ENV === "production",
    maxAge: 90 * 24 * 60 * 60,
    secrets: [env.SESSION_SECRET],
  });
  return cookie;
}

async function answeredIds(request: Request): Promise<string[]> {
  const value: unknown = await answeredCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}

export async function hasAnswered(request: Request, pulseId: string) {
  return (await answeredIds(request)).includes(pulseId);
}

/** The Set-Cookie header that marks this device as having answered the pulse. */
export async function markAnswered(request: Request, pulseId: string) {
  const ids = [...(await answeredIds(request)).filter((id) => id !== pulseId), pulseId].slice(-KEEP);
  return answeredCookie().serialize(ids);
}
