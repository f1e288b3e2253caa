/** What an administrator may do to an account from its page, besides changing its access. */
export type AccountIntent = "reinvite" | "reset" | "disable" | "enable";

export type AccountState = {
  /** the account has set a password (an invitation was used) */
  hasPassword: boolean;
  disabled: boolean;
  /** the administrator's own account */
  isSelf: boolean;
  /** this server can deliver a reset link to the person (by e-mail, or to its console in the demo) */
  canSendReset: boolean;
};

/**
 * The account actions the page offers for an account in this state. The server refuses every other,
 * so a form the page does not show cannot be posted by hand.
 * - A new invitation link is for an account that has never had a password: the administrator sees
 *   that link, so for an account in use it would let them choose its password and become its owner.
 * - A reset is for an account in use: its link goes to the person only, never to the administrator.
 */
export function offeredAccountIntents({ hasPassword, disabled, isSelf, canSendReset }: AccountState): AccountIntent[] {
  const intents: AccountIntent[] = [];
  if (!hasPassword && !disabled) intents.push("reinvite");
  if (hasPassword && !disabled && !isSelf && canSendReset) intents.push("reset");
  if (!isSelf) intents.push(disabled ? "enable" : "disable");
  return intents;
}

/** Why an intent the page does not offer is refused, in a sentence. */
export function refusalOf(intent: AccountIntent, state: AccountState): string {
  if (state.isSelf && intent !== "reinvite") return "You cannot do this to your own account.";
  if (intent === "reinvite") {
    return state.disabled ? "Enable the account first." : "This account already has a password: send a password reset link instead, which goes to the person only.";
  }
  if (intent === "reset") {
    if (state.disabled) return "Enable the account first.";
    if (!state.hasPassword) return "This account has no password yet: create a new invitation link instead.";
    return "E-mail is not set up on this server, so a reset link cannot be sent.";
  }
  return intent === "enable" ? "This account is not disabled." : "This account is already disabled.";
}

/**
 * The reset e-mail: a plain sentence and the link, nothing else. No name, staff reference, role or
 * organisation, because e-mail can be read by more people, and kept longer, than Debrief controls.
 */
export function passwordResetEmail(to: string, link: string) {
  return {
    to,
    subject: "Choose a new Debrief password",
    text: [
      "Your Debrief administrator has asked for your password to be reset. Choose a new one within an hour at this link, which works once:",
      "",
      link,
      "",
      "If you did not expect this, tell your Debrief administrator.",
    ].join("\n"),
  };
}
