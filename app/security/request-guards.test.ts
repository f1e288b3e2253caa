import { describe, expect, test } from "vitest";
import { MAX_BODY_BYTES, MAX_IMPORT_BYTES, refuseRequest } from "./request-guards";

const site = "https://debrief.example.org";
const post = { method: "POST", ownOrigin: site, origin: site, contentLength: "120", contentType: "application/x-www-form-urlencoded" };

describe("refuseRequest", () => {
  test("lets reads through, whatever their headers", () => {
    expect(refuseRequest({ method: "GET", ownOrigin: site, origin: "https://evil.example" })).toBeNull();
    expect(refuseRequest({ method: "HEAD", ownOrigin: site })).toBeNull();
  });

  test("refuses an address holding a null character, in its path or its query, whatever the method", () => {
    for (const url of ["/staff/%00", "/dashboard?focus=team%3Ax%00", "/pulse/AB%00cd"]) {
      expect(refuseRequest({ method: "GET", ownOrigin: site, url })?.status, url).toBe(400);
      expect(refuseRequest({ ...post, url })?.status, url).toBe(400);
    }
    // A percent sign followed by 00, written as such, is not one.
    expect(refuseRequest({ method: "GET", ownOrigin: site, url: "/admin/audit?action=%2500" })).toBeNull();
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

  test("a spreadsheet upload to the import screen may be up to 50 MB; nothing else may", () => {
    const upload = { ...post, contentType: "multipart/form-data; boundary=x", contentLength: String(MAX_IMPORT_BYTES) };
    expect(refuseRequest({ ...upload, path: "/admin/import" })).toBeNull();
    // With JavaScript on, the form is sent by Remix's script to the route's data address.
    expect(refuseRequest({ ...upload, path: "/admin/import.data" })).toBeNull();
    expect(refuseRequest({ ...upload, path: "/admin/import", contentLength: String(MAX_IMPORT_BYTES + 1) })?.status).toBe(413);
    expect(refuseRequest({ ...upload, path: "/admin/import/other" })?.status).toBe(413);
    expect(refuseRequest({ ...upload, path: "/staff/new" })?.status).toBe(413);
  });

  test("only what a form sends: other content types are refused with 415", () => {
    expect(refuseRequest({ ...post, contentType: "multipart/form-data; boundary=abc" })).toBeNull();
    expect(refuseRequest({ ...post, contentType: "Application/X-WWW-Form-Urlencoded; charset=UTF-8" })).toBeNull();
    for (const contentType of ["application/json", "text/plain", "application/xml", null, ""]) {
      expect(refuseRequest({ ...post, contentType })?.status).toBe(415);
    }
    // An empty body (signing out) needs no type; an empty body of another type is still refused.
    expect(refuseRequest({ ...post, contentType: null, contentLength: "0" })).toBeNull();
    expect(refuseRequest({ ...post, contentType: "text/plain", contentLength: "0" })?.status).toBe(415);
  });
});
