import { generateTOTP } from "@epic-web/totp";
import { vi } from "vitest";

/** The code an authenticator app shows for this secret, `offsetSeconds` from now. */
export async function authenticatorCode(secret: string, offsetSeconds = 0) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetSeconds * 1000 });
  try {
    return (await generateTOTP({ secret, period: 30, digits: 6, algorithm: "SHA-1" })).otp;
  } finally {
    vi.useRealTimers();
  }
}
