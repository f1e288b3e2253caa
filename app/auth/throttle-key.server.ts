import { createHmac } from "node:crypto";

/**
 * Pure: the stored form of a throttle key (what is counted: an account, an address typed at sign-in,
 * a client address), a keyed hash under a key derived from the server's secret. Equal subjects give
 * equal keys; without the secret the stored keys cannot be tested against a list of addresses.
 */
export function throttleKeyHash(serverSecret: string, subject: string) {
  const hashingKey = createHmac("sha256", serverSecret).update("debrief:auth-throttle-keys").digest();
  return createHmac("sha256", hashingKey).update(subject).digest("base64url");
}
