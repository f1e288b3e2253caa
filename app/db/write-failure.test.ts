import { describe, expect, test } from "vitest";
import { writeFailureOf } from "./write-failure";

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

  test("mistakes in the data or the code are not disguised as 'try again'", () => {
    expect(writeFailureOf({ code: "P2002" })).toBeNull();
    expect(writeFailureOf(new TypeError("x is undefined"))).toBeNull();
    expect(writeFailureOf("SQLITE_BUSY")).toBeNull();
    expect(writeFailureOf(null)).toBeNull();
  });
});
