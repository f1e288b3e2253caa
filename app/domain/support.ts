/** Kinds of support contact, in the words supporters use. */
export const CONTACT_TYPES = {
  defusing: "Defusing (within hours)",
  debrief: "Debrief (within days)",
  risk_assessment: "Risk assessment (about 72 hours)",
  review: "Review (about 28 days)",
  peer_conversation: "Peer or first-aid conversation",
  manager_check_in: "Manager check-in",
} as const;

export type ContactType = keyof typeof CONTACT_TYPES;
export const CONTACT_TYPE_KEYS = Object.keys(CONTACT_TYPES) as [ContactType, ...ContactType[]];
