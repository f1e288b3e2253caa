// Form schemas for the supporter's records, shared by the browser (instant feedback) and the
// server (the check that counts). Dates are entered as UK date parts in the organisation's zone.
import { z } from "zod";
import { DatePartsSchema, instantFromParts } from "~/domain/uk-date";
import {
  BARRIER_KEYS,
  CONTACT_FORMAT_KEYS,
  CONTACT_TYPE_KEYS,
  INCIDENT_TYPE_KEYS,
  INFORMATION_REACHED_KEYS,
  INVOLVEMENT_KEYS,
  OUTCOME_KEYS,
  PARTNER_AGENCY_KEYS,
  RISK_INDICATOR_KEYS,
  SIGNPOST_KEYS,
  URGENT_DESTINATION_KEYS,
} from "~/domain/vocabulary";

export const NOTES_MAX = 500;

/** A staff member's pseudonymous reference, as the organisation writes it (never a name). */
export const staffReferenceSchema = z
  .string({ required_error: "Enter the staff reference" })
  .trim()
  .min(1, "Enter the staff reference")
  .max(20, "The staff reference must be 20 characters or fewer")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, "The staff reference can only contain letters, numbers, spaces and dashes");

const choice = <T extends [string, ...string[]]>(values: T, message: string) =>
  z.enum(values, { errorMap: () => ({ message }) });

// An empty box means "not answered", never 0.
const blankAsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const distress = (message: string) =>
  z.preprocess(
    blankAsMissing,
    z.coerce.number({ required_error: message, invalid_type_error: message }).int(message).min(0, message).max(10, message),
  );

const notes = z.string().trim().max(NOTES_MAX, `Notes must be ${NOTES_MAX} characters or fewer`).optional();

// Identifies one submission of a form, so a second click or a re-sent POST saves nothing twice.
const idempotencyKey = z
  .string({ required_error: "The form is out of date: reload the page and try again" })
  .regex(/^[0-9a-f-]{36}$/, "The form is out of date: reload the page and try again");

type DateContext = { timeZone: string; now?: Date };

/** Date parts judged on their own, so their message shows even when other answers are wrong too. */
function dateQuestion({ timeZone, now }: DateContext) {
  return DatePartsSchema.default({}).transform((parts, ctx) => {
    const result = instantFromParts(parts, timeZone, now);
    if ("problem" in result) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [result.part], message: result.problem });
      return z.NEVER;
    }
    return result.instant;
  });
}

export function exposureSchema(context: DateContext) {
  return z
    .object({
      idempotencyKey,
      occurred: dateQuestion(context),
      incidentType: choice(INCIDENT_TYPE_KEYS, "Choose the type of incident"),
      involvement: choice(INVOLVEMENT_KEYS, "Choose how they were involved"),
      partnerAgencies: z.array(choice(PARTNER_AGENCY_KEYS, "Choose partner agencies from the list")).default([]),
      informationReached: choice(
        INFORMATION_REACHED_KEYS,
        "Choose how much of the information they needed reached them, or not applicable",
      ),
      barriers: z.array(choice(BARRIER_KEYS, "Choose barriers from the list")).default([]),
      initiativeId: z.string().max(40).optional(),
      initialDistress: distress("Choose how distressed they felt, from 0 (not at all) to 10 (extremely)"),
      notes,
    })
    .transform((value, ctx) => {
      const occurredAt = value.occurred;
      if (value.informationReached === "na" && value.barriers.length > 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["barriers"],
          message: "Barriers apply only when a partner agency was involved: untick them or answer the question above",
        });
      }
      return {
        ...value,
        occurredAt,
        informationReached: value.informationReached === "na" ? null : Number(value.informationReached),
      };
    });
}

export function supportContactSchema(context: DateContext) {
  return z
    .object({
      idempotencyKey,
      contactType: choice(CONTACT_TYPE_KEYS, "Choose the kind of support contact"),
      contacted: dateQuestion(context),
      exposureIds: z.array(z.coerce.number().int().positive()).max(50).default([]),
      format: choice(CONTACT_FORMAT_KEYS, "Choose individual or group"),
      durationMinutes: z.preprocess(
        blankAsMissing,
        z.coerce
          .number({ invalid_type_error: "Enter the duration in minutes, like 30" })
          .int("Enter the duration in whole minutes, like 30")
          .min(1, "The duration must be at least 1 minute")
          .max(600, "The duration must be 600 minutes or less")
          .optional(),
      ),
      distress: distress("Choose how distressed they were, from 0 (not at all) to 10 (extremely)"),
      riskIndicators: z.array(choice(RISK_INDICATOR_KEYS, "Choose risk indicators from the list")).default([]),
      outcome: choice(OUTCOME_KEYS, "Choose the outcome"),
      signposts: z.array(choice(SIGNPOST_KEYS, "Choose where they were signposted from the list")).default([]),
      urgentDestination: z.preprocess(blankAsMissing, choice(URGENT_DESTINATION_KEYS, "Choose where they were referred from the list").optional()),
      // A follow-up's id, or "none" when the supporter said it completes none. Left unanswered, the
      // follow-up of this kind whose window the contact falls in is completed (followUpCompletedByDefault).
      followUpId: z.preprocess(blankAsMissing, z.string().regex(/^(none|[1-9][0-9]{0,9})$/, "Choose a follow-up from the list, or none").optional()),
      notes,
    })
    .transform((value, ctx) => {
      const contactedAt = value.contacted;
      if (value.outcome === "signposted" && value.signposts.length === 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["signposts"], message: "Choose where they were signposted" });
      }
      if (value.outcome === "urgent_referral" && !value.urgentDestination) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["urgentDestination"], message: "Choose where they were referred urgently" });
      }
      return {
        ...value,
        contactedAt,
        signposts: value.outcome === "signposted" ? value.signposts : [],
        urgentDestination: value.outcome === "urgent_referral" ? value.urgentDestination : undefined,
        followUpId: value.followUpId === undefined ? undefined : value.followUpId === "none" ? ("none" as const) : Number(value.followUpId),
      };
    });
}
