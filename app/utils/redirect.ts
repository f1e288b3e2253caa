// Browsers drop tabs and newlines from a URL before reading it, so "/\t/evil.example" is
// "//evil.example" to them: another site. No link Debrief makes holds a control character.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;

/** Whether a redirect target holds a control character (a tab, a newline…): a malformed request, not a place to go. */
export function holdsControlCharacter(to: string) {
  return CONTROL_CHARACTER.test(to);
}

/**
 * The path, query and fragment `to` names on this site (`origin`), or null when it names another
 * site, no place, or holds a control character. It is resolved against the site's own origin by the
 * URL parser browsers use, so every way of spelling another host ("//host", "/\host", "https:host",
 * percent-encoding) is read as a browser would read it, and only a path of this site comes back.
 */
export function sameOriginPath(to: string | null | undefined, origin: string): string | null {
  if (!to || holdsControlCharacter(to)) return null;
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  // Dot segments can resolve to a path that starts "//" ("/.//host"), which a browser reads as a host.
  if (url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
