import { describe, expect, test } from "vitest";
import { throttleKeyHash } from "./throttle-key.server";

describe("throttleKeyHash", () => {
  const secret = "a server secret that is long enough 0123456789";

  test("the same subject under the same secret always gives the same key, so attempts can be counted", () => {
    expect(throttleKeyHash(secret, "login:address:someone@example.org")).toBe(throttleKeyHash(secret, "login:address:someone@example.org"));
  });

  test("the stored key does not contain the address, and another secret gives another key", () => {
    const key = throttleKeyHash(secret, "login:address:someone@example.org");
    expect(key).not.toContain("someone");
    expect(key).not.toContain("example.org");
    expect(throttleKeyHash(`${secret}!`, "login:address:someone@example.org")).not.toBe(key);
    expect(throttleKeyHash(secret, "login:address:someone-else@example.org")).not.toBe(key);
  });
});
