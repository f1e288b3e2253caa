import { expect, test } from "vitest";
import { holdsControlCharacter, sameOriginPath } from "./redirect";

const origin = "https://debrief.example.org";

test("keeps same-site paths, query and fragment, in the form a browser would follow", () => {
  expect(sameOriginPath("/dashboard?team=a#months", origin)).toBe("/dashboard?team=a#months");
  expect(sameOriginPath("caseload", origin)).toBe("/caseload");
  expect(sameOriginPath("https://debrief.example.org/research", origin)).toBe("/research");
  // Encoded slashes stay encoded: a path of this site, not a host.
  expect(sameOriginPath("/%2F%2Fevil.example", origin)).toBe("/%2F%2Fevil.example");
  // A browser reads a scheme the same as the page's, without "//", as a path of the page's site.
  expect(sameOriginPath("https:evil.example", origin)).toBe("/evil.example");
});

test("refuses every spelling of another site", () => {
  for (const target of [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "http:evil.example",
    "http://debrief.example.org/over-http",
    "/.//evil.example",
    "/team/..//evil.example",
    "javascript:alert(1)",
    "data:text/html,hello",
  ]) {
    expect(sameOriginPath(target, origin), target).toBeNull();
  }
});

test("refuses targets holding control characters, which a browser would strip", () => {
  for (const target of ["/\t/127.0.0.1:3999/phish", "/\n/evil.example", "/\r\n/evil.example", "/caseload\u0000", "/\u007F"]) {
    expect(holdsControlCharacter(target)).toBe(true);
    expect(sameOriginPath(target, origin)).toBeNull();
  }
  expect(holdsControlCharacter("/dashboard?team=a b")).toBe(false);
});

test("no target is no place", () => {
  expect(sameOriginPath("", origin)).toBeNull();
  expect(sameOriginPath(null, origin)).toBeNull();
  expect(sameOriginPath(undefined, origin)).toBeNull();
});
