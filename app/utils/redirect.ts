/** A same-site path to go to after sign-in, or the fallback: never another site (open redirect). */
export function safeRedirectTarget(to: string | null | undefined, fallback = "/") {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
