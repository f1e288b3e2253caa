import { describe, expect, test } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password.server";

describe("password hashing", () => {
  test("uses argon2id with at least 19 MiB, 2 iterations and 1 lane", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  test("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("demo-password-1");
    expect(await verifyPassword(hash, "demo-password-1")).toBe(true);
    expect(await verifyPassword(hash, "demo-password-2")).toBe(false);
    expect(await verifyPassword("not a hash", "demo-password-1")).toBe(false);
  });

  test("the dummy check for unknown accounts never succeeds", async () => {
    expect(await verifyAgainstDummy("debrief-timing-equaliser-not-a-password")).toBe(false);
  });
});
