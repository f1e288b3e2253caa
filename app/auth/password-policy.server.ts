import { dictionary } from "@zxcvbn-ts/language-common";

// ~49,000 common and breached passwords maintained by the zxcvbn-ts project.
let common: Set<string> | undefined;
function commonPasswords() {
  common ??= new Set(dictionary["passwords-common"].map((p) => String(p).toLowerCase()));
  return common;
}

export function commonPasswordCount() {
  return commonPasswords().size;
}

/** Why this password may not be used, or null. Case-insensitive. */
export function weakPasswordReason(password: string, email?: string): string | null {
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered)) {
    return "This password is too common. Choose one that would be harder to guess, like three random words";
  }
  if (email && lowered.includes(email.toLowerCase().split("@")[0] ?? "\u0000") && email.split("@")[0]!.length >= 4) {
    return "Your password must not contain your email address";
  }
  return null;
}
