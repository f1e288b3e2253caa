import { describe, expect, test } from "vitest";
import { MAX_BODY_BYTES, refuseRequest } from "./request-guards";

const site = "https://debrief.example.org";
const post = { method: "POST", ownOrigin: site, origin: site, contentLength: "120" };

describe("refuseRequest", () => {
  test("lets reads through, whatever their headers", () => {
    expect(refuseRequest({ method: "GET", ownOrigin: site, origin: "https://evil.example" })).toBeNull();
    expect(refuseRequest({ method: "HEAD", ownOrigin: site })).toBeNull();
  });

  test("accepts a POST from this site", () => {
    expect(refuseRequest(post)).toBeNull();
    expect(refuseRequest({ ...post, origin: null, secFetchSite: "same-origin" })).toBeNull();
  });

  test("refuses a POST from another site, a sibling subdomain or another scheme", () => {
    for (const origin of ["https://evil.example", "https://x.debrief.example.org", "http://debrief.example.org", "null"]) {
      expect(refuseRequest({ ...post, origin })?.status).toBe(403);
    }
    expect(refuseRequest({ ...post, origin: null, secFetchSite: "cross-site" })?.status).toBe(403);
    expect(refuseRequest({ ...post, origin: null, secFetchSite: "same-site" })?.status).toBe(403);
  });

  test("refuses a POST that says nothing of where it came from", () => {
    expect(refuseRequest({ ...post, origin: null, secFetchSite: null })?.status).toBe(403);
  });

  test("allows only GET and POST", () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) expect(refuseRequest({ ...post, method })?.status).toBe(405);
  });

  test("refuses bodies over 1 MB, and chunked bodies of unknown length", () => {
    expect(refuseRequest({ ...post, contentLength: String(MAX_BODY_BYTES) })).toBeNull();
    expect(refuseRequest({ ...post, contentLength: String(MAX_BODY_BYTES + 1) })?.status).toBe(413);
    expect(refuseRequest({ ...post, contentLength: "lots" })?.status).toBe(413);
    expect(refuseRequest({ ...post, contentLength: null, transferEncoding: "chunked" })?.status).toBe(411);
  });
});
