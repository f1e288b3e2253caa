import { describe, expect, test } from "vitest";
import { notSavedMessage, writeFailureOf } from "./write-failure";

describe("writeFailureOf", () => {
  test("a lock held too long is 'busy', however Prisma wrapped it", () => {
    expect(writeFailureOf({ code: "P1008" })).toBe("busy");
    expect(writeFailureOf({ cause: { kind: "SocketTimeout", originalCode: "SQLITE_BUSY" } })).toBe("busy");
    expect(writeFailureOf({ code: "P2028" })).toBe("busy");
  });

  test("a full disk is 'full'; an unwritable or damaged file is 'unavailable'", () => {
    expect(writeFailureOf({ code: "SQLITE_FULL" })).toBe("full");
    expect(writeFailureOf({ code: "SQLITE_READONLY" })).toBe("unavailable");
    expect(writeFailureOf({ code: "SQLITE_IOERR_WRITE" })).toBe("unavailable");
  });

  test("PostgreSQL's failures of the same kinds, raw or wrapped by Prisma's adapter", () => {
    expect(writeFailureOf({ code: "40P01" })).toBe("busy");
    expect(writeFailureOf({ meta: { driverAdapterError: { cause: { originalCode: "53300" } } } })).toBe("busy");
    expect(writeFailureOf({ code: "53100" })).toBe("full");
    expect(writeFailureOf({ code: "57P01" })).toBe("unavailable");
    expect(writeFailureOf({ code: "ECONNREFUSED" })).toBe("unavailable");
    expect(writeFailureOf({ code: "23505" })).toBeNull(); // a unique value taken: not a reason to try again
  });

  test("mistakes in the data or the code are not disguised as 'try again'", () => {
    expect(writeFailureOf({ code: "P2002" })).toBeNull();
    expect(writeFailureOf(new TypeError("x is undefined"))).toBeNull();
    expect(writeFailureOf("SQLITE_BUSY")).toBeNull();
    expect(writeFailureOf(null)).toBeNull();
  });
});

describe("notSavedMessage", () => {
  test("says what did not happen, why, what the person still has, and what to do", () => {
    expect(notSavedMessage("busy")).toBe("Not saved: Debrief was too busy to save this just now. What you entered is still here; please try again.");
    expect(notSavedMessage("full", { kept: "Nothing was imported" })).toBe(
      "Not saved: the server has run out of storage space. Nothing was imported; please tell your Debrief administrator, then try again.",
    );
    expect(notSavedMessage("busy", { headline: "You are not signed in", kept: null })).toBe("You are not signed in: Debrief was too busy to save this just now. Please try again.");
  });
});
