import { z } from "zod";

/** The fields of the record of processing (UK GDPR Article 30), with what each is for. */
export const PROCESSING_FIELDS = {
  controller: { label: "Controller", hint: "The organisation responsible for this data, as named in its registration with the ICO" },
  contact: { label: "Data protection contact", hint: "The Data Protection Officer, or who to ask about this data and how" },
  purposes: { label: "Why the data is used", hint: "The purposes of the processing" },
  lawfulBasis: { label: "Lawful basis", hint: "UK GDPR Article 6" },
  specialCategoryBasis: { label: "Condition for health data", hint: "UK GDPR Article 9, and the Data Protection Act 2018 Schedule 1 condition" },
  dataHeld: { label: "What is held", hint: "The categories of people and of personal data" },
  recipients: { label: "Who can see it", hint: "Inside and outside the organisation" },
  safeguards: { label: "How it is protected", hint: "Technical and organisational security measures" },
} as const;

export type ProcessingField = keyof typeof PROCESSING_FIELDS;
export const PROCESSING_FIELD_KEYS = Object.keys(PROCESSING_FIELDS) as ProcessingField[];

const text = (label: string) =>
  z
    .string({ required_error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .max(2000, `${label} must be 2,000 characters or fewer`);

export const processingRecordSchema = z.object(
  Object.fromEntries(PROCESSING_FIELD_KEYS.map((key) => [key, text(PROCESSING_FIELDS[key].label)])) as Record<ProcessingField, ReturnType<typeof text>>,
);

/** A starting point for a UK public service, to be checked and changed by the organisation. */
export function defaultProcessingRecord(organisationName: string): Record<ProcessingField, string> {
  return {
    controller: organisationName,
    contact: "Your Data Protection Officer. An administrator should add their name and how to reach them here.",
    purposes:
      "Supporting staff after exposure to distressing incidents: recording the exposure, the support that followed (defusing, debrief, risk assessment, review) and any referral, so that follow-ups are not missed. Planning support and checking whether better information sharing between agencies reduces the stress staff carry, from anonymous figures only.",
    lawfulBasis:
      "Article 6(1)(e): a task carried out in the public interest, and 6(1)(c): the employer's legal duty of care for the health, safety and welfare of its employees (Health and Safety at Work etc. Act 1974).",
    specialCategoryBasis:
      "Article 9(2)(b): obligations in the field of employment, with the Data Protection Act 2018 Schedule 1 Part 1 paragraph 1 (employment), under the organisation's appropriate policy document; and 9(2)(h) for referrals to occupational health.",
    dataHeld:
      "About staff who are supported: a staff reference chosen by the organisation, their team, optionally a name (seen by supporters only); exposures to incidents (when, what kind, how involved, partner agencies, whether information reached them); support contacts with distress ratings, risk indicators, outcomes and referrals; follow-ups; short optional notes, encrypted. About users: name, email, roles and an audit log of what they did. Nothing about members of the public or service users.",
    recipients:
      "A staff member's records are seen only by the supporters who hold their case, and by an administrator answering a subject access request the case's supporter has confirmed. Managers and researchers see anonymous figures in which no one can be picked out (figures from fewer than the organisation's threshold of people are withheld). Nothing is shared outside the organisation.",
    safeguards:
      "Notes and names are encrypted at rest; two-factor sign-in; sessions end after 30 minutes idle; every view of a record and every figure or export is written to an append-only audit log; small numbers are withheld in every figure and export; online backups; records are anonymised after the retention period.",
  };
}
