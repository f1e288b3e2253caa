import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireCaseAccess } from "~/auth/session.server";
import { ChoiceField, DateTimeField } from "~/components/choices";
import { CrisisRoutes } from "~/components/crisis-routes";
import { ErrorSummary } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SuccessBanner } from "~/components/success-banner";
import { SummaryList } from "~/components/summary-list";
import { BARRIERS, CLOSE_REASONS, CONTACT_TYPES, INCIDENT_TYPES, INVOLVEMENTS, OUTCOMES, PARTNER_AGENCIES, RISK_INDICATORS, SIGNPOSTS, URGENT_DESTINATIONS_IN_A_SENTENCE } from "~/domain/vocabulary";
import { outsideWindow } from "~/domain/follow-up-schedule";
import { recordAudit } from "~/models/audit.server";
import { closeFollowUp, openFollowUpOf, rescheduleFollowUp } from "~/models/records.server";
import { requireReferences } from "~/models/references.server";
import { readCrisisRoutes } from "~/models/settings.server";
import { caseTimeline } from "~/models/staff.server";
import { caseState } from "~/models/cases.server";
import { CASE_CLOSE_REASONS as CASE_CLOSED_BECAUSE } from "~/domain/caseload";
import { confirmSubjectAccess } from "~/models/subject-access.server";
import { datePartsIn, instantFromParts } from "~/domain/uk-date";
import { dayBounds, formatDate, formatDateTime } from "~/utils/time";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Staff member – Debrief" }];

const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staffId = params.staffId ?? "";
  const user = await requireCaseAccess(request, staffId);
  const [timeline, state] = await Promise.all([caseTimeline(staffId), caseState(user.id, staffId)]);
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "staff_member", entityId: staffId });
  const tz = user.organisation.timeZone;
  const now = Date.now();
  // Crisis routes are read only for the page that shows them: right after an urgent referral.
  const searchParams = new URL(request.url).searchParams;
  const crisisRoutes = searchParams.get("saved") === "urgent" ? await readCrisisRoutes(user.organisationId) : null;
  // The follow-up the contact just saved completed (perhaps by default), named in the banner.
  const completedId = Number(searchParams.get("completed"));
  const completed = timeline.followUps.find((f) => f.id === completedId && f.completedAt);
  const accessRequest = timeline.pendingAccessRequest;
  return {
    crisisRoutes,
    completed: completed ? `It completed the ${lowerFirst(completed.label)} that was due on ${formatDateTime(completed.dueAt, tz)}.` : null,
    accessRequest: accessRequest && { id: accessRequest.id, requested: formatDate(accessRequest.requestedAt, tz) },
    staff: { id: timeline.id, reference: timeline.reference, displayName: timeline.displayName, team: `${timeline.team.name} (${timeline.team.service.name})` },
    caseStatus: {
      handedOver: state.handedOverAt ? `You handed this case over${state.handedOverTo ? ` to ${state.handedOverTo}` : ""} on ${formatDate(state.handedOverAt, tz)}.` : null,
      closed: state.closedAt ? `Closed on ${formatDate(state.closedAt, tz)}: ${label(CASE_CLOSED_BECAUSE, state.closedReason ?? "")}.` : null,
      holders: state.otherHolders,
    },
    followUps: timeline.followUps
      .filter((f) => !f.completedAt && !f.cancelledAt)
      .map((f) => ({
        id: f.id,
        label: f.label,
        due: formatDateTime(f.dueAt, tz),
        dueParts: datePartsIn(f.dueAt, tz),
        overdue: f.dueAt.getTime() < now,
        window: f.windowOpensAt && f.windowClosesAt ? `${formatDateTime(f.windowOpensAt, tz)} to ${formatDateTime(f.windowClosesAt, tz)}` : null,
      })),
    exposures: timeline.exposures.map((e) => ({
      id: e.id,
      when: formatDateTime(e.occurredAt, tz),
      incident: label(INCIDENT_TYPES, e.incidentType),
      involvement: label(INVOLVEMENTS, e.involvement),
      agencies: e.partnerAgencies.map((a) => label(PARTNER_AGENCIES, a.agency)),
      informationReached: e.informationReached,
      barriers: e.barriers.map((b) => label(BARRIERS, b.barrier)),
      initiative: e.initiative?.name ?? null,
      distress: e.initialDistress,
      notes: e.notes,
    })),
    contacts: timeline.supportContacts.map((c) => ({
      id: c.id,
      when: formatDateTime(c.contactedAt, tz),
      type: label(CONTACT_TYPES, c.contactType),
      distress: c.distress,
      outcome: outcomeInWords(c.outcome, c.referrals),
      risks: c.riskIndicators.map((r) => label(RISK_INDICATORS, r.indicator)),
      notes: c.notes,
    })),
  };
}

/** "72-hour risk assessment" stays; "Check within 24 hours" reads "check within 24 hours" inside a sentence. */
const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

/** The outcome as a sentence: where an urgent referral went, or where they were signposted. */
function outcomeInWords(outcome: string, referrals: { destination: string; urgent: boolean }[]) {
  if (outcome === "urgent_referral") {
    const urgent = referrals.find((r) => r.urgent);
    return !urgent || urgent.destination === "urgent"
      ? "Urgent referral (where to was not recorded)"
      : `Urgent referral to ${label(URGENT_DESTINATIONS_IN_A_SENTENCE, urgent.destination)}`;
  }
  const signposts = referrals.filter((r) => !r.urgent).map((r) => lowerFirst(label(SIGNPOSTS, r.destination)));
  return outcome === "signposted" && signposts.length > 0 ? `Signposted to ${signposts.join(", ")}` : label(OUTCOMES, outcome);
}

const FollowUpActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("reschedule"),
    followUpId: z.coerce.number().int().positive().max(2 ** 31 - 1),
    day: z.string().trim().max(2).optional(),
    month: z.string().trim().max(2).optional(),
    year: z.string().trim().max(4).optional(),
    hour: z.string().trim().max(2).optional(),
    minute: z.string().trim().max(2).optional(),
    /** "yes" once the supporter has confirmed a new due time outside the protocol's window */
    confirmed: z.literal("yes").optional(),
  }),
  z.object({
    intent: z.literal("close"),
    followUpId: z.coerce.number().int().positive().max(2 ** 31 - 1),
    // Nothing is chosen for the supporter: a refusal of support is recorded only when they say so.
    reason: z.enum(Object.keys(CLOSE_REASONS) as [keyof typeof CLOSE_REASONS], { errorMap: () => ({ message: "Choose why the follow-up is closed" }) }),
    /** "yes" once the supporter has seen what will be recorded and confirmed it */
    confirmed: z.literal("yes").optional(),
  }),
]);

type DueParts = Record<"day" | "month" | "year" | "hour" | "minute", string>;
type FollowUpProblem = { followUpId: number | null; field: "due" | "close"; problem: string; part?: keyof DueParts; typed?: DueParts };

export async function action({ request, params }: ActionFunctionArgs) {
  const staffId = params.staffId ?? "";
  const user = await requireCaseAccess(request, staffId);
  const form = Object.fromEntries(await readForm(request));
  if (form.intent === "confirm-access-request") {
    await confirmSubjectAccess(user.organisationId, staffId, String(form.requestId ?? ""), user.id, request);
    return redirect(`/staff/${staffId}?saved=access-confirmed`);
  }
  const parsed = FollowUpActionSchema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const followUpId = Number(form.followUpId);
    const closing = form.intent === "close" && issue?.path[0] === "reason" && Number.isInteger(followUpId);
    return data<FollowUpProblem>(
      { followUpId: closing ? followUpId : null, field: "close", problem: issue?.message ?? "Check the follow-up form" },
      { status: 400 },
    );
  }
  const actor = { supporterId: user.id, organisationId: user.organisationId, request };
  const value = parsed.data;
  if (value.intent === "close") {
    // First what will be recorded, to confirm; only the confirmed form closes it.
    if (value.confirmed !== "yes") {
      await requireReferences({ organisationId: user.organisationId, staffMemberId: staffId }, { followUps: [value.followUpId] });
      return { confirmClose: { followUpId: value.followUpId, reason: value.reason } };
    }
    await closeFollowUp(staffId, value.followUpId, value.reason, actor);
    return redirect(`/staff/${staffId}?saved=closed`);
  }
  const tz = user.organisation.timeZone;
  const followUp = await openFollowUpOf(staffId, value.followUpId);
  if (!followUp) {
    await requireReferences({ organisationId: user.organisationId, staffMemberId: staffId }, { followUps: [value.followUpId] });
    throw new Response("This follow-up is no longer open.", { status: 404 });
  }
  // Any day from today on, at the time the supporter chose; what they typed comes back with a problem.
  const parts: DueParts = { day: value.day ?? "", month: value.month ?? "", year: value.year ?? "", hour: value.hour ?? "", minute: value.minute ?? "" };
  const due = (problem: string, part: FollowUpProblem["part"] = "day") =>
    data<FollowUpProblem>({ followUpId: value.followUpId, field: "due", problem, part, typed: parts }, { status: 400 });
  if (!value.hour && !value.minute) return due("Enter the time it is due, like 09 30", "hour");
  const result = instantFromParts(parts, tz, new Date(8.64e15));
  if ("problem" in result) return due(result.problem.replace("The date", "The new due date"), result.part);
  if (result.instant < dayBounds(new Date(), tz).start) return due("The new due date must be today or later");
  const outside = outsideWindow(result.instant, followUp);
  // Outside the protocol's window, first what it means, to confirm; only the confirmed form moves it.
  if (outside && value.confirmed !== "yes") {
    return {
      confirmReschedule: {
        followUpId: value.followUpId,
        parts,
        when: formatDateTime(result.instant, tz),
        window: `${formatDateTime(followUp.windowOpensAt!, tz)} to ${formatDateTime(followUp.windowClosesAt!, tz)}`,
      },
    };
  }
  await rescheduleFollowUp(staffId, value.followUpId, result.instant, actor, { outsideWindow: outside });
  return redirect(`/staff/${staffId}?saved=rescheduled`);
}

type Part = "day" | "month" | "year" | "hour" | "minute";

/** Plain (not Conform) fields for one follow-up's reschedule form, starting at its due time; the error sits on its part. */
function dueDateParts(followUpId: number, problem: { message: string; part: Part } | null, values: Record<Part, string>) {
  const part = (name: Part) => ({
    id: `due-${followUpId}-${name}`,
    name,
    errorId: `due-${followUpId}-error`,
    errors: problem && name === problem.part ? [problem.message] : undefined,
    initialValue: values[name],
  });
  return { day: part("day"), month: part("month"), year: part("year"), hour: part("hour"), minute: part("minute") };
}

const NEXT_STEP: Record<string, { title: string; next?: string; path?: string }> = {
  exposure: { title: "Exposure saved", next: "Next: log the first support contact", path: "contacts/new" },
  contact: { title: "Support contact saved" },
  urgent: { title: "Support contact saved with an urgent referral" },
  edited: { title: "Exposure updated" },
  deleted: { title: "Exposure deleted" },
  "contact-edited": { title: "Support contact updated" },
  "contact-deleted": { title: "Support contact deleted" },
  "handed-over": { title: "Case handed over" },
  "case-closed": { title: "Case closed" },
  "case-reopened": { title: "Case reopened" },
  "access-confirmed": { title: "Subject access request confirmed: the administrator can now produce the copy" },
  closed: { title: "Follow-up closed" },
  rescheduled: { title: "Follow-up rescheduled" },
};

export default function StaffMember() {
  const { staff, caseStatus, followUps, exposures, contacts, crisisRoutes, accessRequest, completed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData && "problem" in actionData ? actionData : null;
  const confirming = actionData && "confirmClose" in actionData ? actionData.confirmClose : null;
  const confirmingMove = actionData && "confirmReschedule" in actionData ? actionData.confirmReschedule : null;
  const [searchParams] = useSearchParams();
  const saved = NEXT_STEP[searchParams.get("saved") ?? ""];
  return (
    <>
      <Link className="govuk-back-link" to="/caseload">My caseload</Link>
      {failed ? (
        <ErrorSummary
          fieldErrors={failed.followUpId === null ? [] : [{ fieldId: failed.field === "close" ? `close-${failed.followUpId}` : `due-${failed.followUpId}-${failed.part ?? "day"}`, message: failed.problem }]}
          formErrors={failed.followUpId === null ? [failed.problem] : []}
        />
      ) : null}
      {saved ? (
        <SuccessBanner title="Success">
          <p className="govuk-notification-banner__heading">
            {saved.title}
            {saved.next && saved.path ? (
              <>
                {" — "}
                <Link className="govuk-notification-banner__link" to={`/staff/${staff.id}/${saved.path}`}>
                  {saved.next.replace("Next: ", "next: ")}
                </Link>
              </>
            ) : null}
          </p>
          {completed ? <p className="govuk-body">{completed}</p> : null}
        </SuccessBanner>
      ) : null}
      {accessRequest ? (
        <div className="govuk-notification-banner" role="region" aria-labelledby="access-request-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="access-request-title">Subject access request</h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-body">
              On {accessRequest.requested} an administrator asked for a copy of everything Debrief holds about this person, because they asked for it (subject
              access). Check it is the right person, then confirm; the administrator can then produce the copy.
            </p>
            <Form method="post">
              <input type="hidden" name="requestId" value={accessRequest.id} />
              <button type="submit" name="intent" value="confirm-access-request" className="govuk-button">
                Confirm: this is the person who asked
              </button>
            </Form>
          </div>
        </div>
      ) : null}
      {crisisRoutes ? <CrisisRoutes text={crisisRoutes} /> : null}
      <span className="govuk-caption-l">{staff.team}</span>
      <h1 className="govuk-heading-l">
        {staff.reference}
        {staff.displayName ? <span className="govuk-caption-m">{staff.displayName}</span> : null}
      </h1>
      <div className="govuk-button-group">
        <Link className="govuk-button" to={`/staff/${staff.id}/exposures/new`}>Log an exposure</Link>
        <Link className="govuk-button govuk-button--secondary" to={`/staff/${staff.id}/contacts/new`}>Log a support contact</Link>
      </div>
      <CaseStatus staffId={staff.id} status={caseStatus} />

      <h2 className="govuk-heading-m">Open follow-ups</h2>
      {followUps.length === 0 ? (
        <p className="govuk-body">None.</p>
      ) : (
        <ul className="govuk-list">
          {followUps.map((f) => {
            const problem = failed?.followUpId === f.id && failed.field === "due" ? { message: failed.problem, part: failed.part ?? "day" } : null;
            const movingThis = confirmingMove?.followUpId === f.id ? confirmingMove : null;
            const closeProblem = failed?.followUpId === f.id && failed.field === "close" ? failed.problem : null;
            const confirmingThis = confirming?.followUpId === f.id ? confirming : null;
            return (
              <li key={f.id} className="govuk-!-margin-bottom-4">
                {f.overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null} {f.label}, due {f.due}
                <details className="govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0" open={Boolean(problem || closeProblem || confirmingThis || movingThis)}>
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">Reschedule or close<span className="govuk-visually-hidden"> {f.label}</span></span>
                  </summary>
                  <div className="govuk-details__text">
                    {movingThis ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="reschedule" />
                        <input type="hidden" name="followUpId" value={f.id} />
                        {(["day", "month", "year", "hour", "minute"] as const).map((name) => (
                          <input key={name} type="hidden" name={name} value={movingThis.parts[name]} />
                        ))}
                        <div className="govuk-warning-text">
                          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
                          <strong className="govuk-warning-text__text" id={`confirm-move-${f.id}`}>
                            <span className="govuk-visually-hidden">Warning</span>
                            {`${movingThis.when} is outside the protocol's window for the ${lowerFirst(f.label)} (${movingThis.window}). Move it there anyway?`}
                          </strong>
                        </div>
                        <div className="govuk-button-group">
                          <button type="submit" name="confirmed" value="yes" className="govuk-button govuk-button--warning">
                            Yes, move it to {movingThis.when}
                          </button>
                          <Link className="govuk-link" to={`/staff/${staff.id}`}>
                            No, choose another time
                          </Link>
                        </div>
                      </Form>
                    ) : (
                      <Form method="post" noValidate>
                        <input type="hidden" name="intent" value="reschedule" />
                        <input type="hidden" name="followUpId" value={f.id} />
                        <DateTimeField
                          legend="New due date and time"
                          hint={f.window ? `The protocol's window for it: ${f.window}. A time outside it is asked about first.` : "For example, 27 11 2026 and 09 30. UK time."}
                          parts={dueDateParts(f.id, problem, (problem && failed?.typed) || f.dueParts)}
                        />
                        <button type="submit" className="govuk-button govuk-button--secondary">Reschedule</button>
                      </Form>
                    )}
                    {confirmingThis ? (
                      <Form method="post" className="govuk-!-margin-top-4">
                        <input type="hidden" name="intent" value="close" />
                        <input type="hidden" name="followUpId" value={f.id} />
                        <input type="hidden" name="reason" value={confirmingThis.reason} />
                        <div className="govuk-warning-text">
                          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
                          <strong className="govuk-warning-text__text" id={`confirm-close-${f.id}`} tabIndex={-1}>
                            <span className="govuk-visually-hidden">Warning</span>
                            {`Close ${f.label} without a contact, recording: “${label(CLOSE_REASONS, confirmingThis.reason)}”? It will no longer be due.`}
                          </strong>
                        </div>
                        <div className="govuk-button-group">
                          <button type="submit" name="confirmed" value="yes" className="govuk-button govuk-button--warning">
                            Yes, close it
                          </button>
                          <Link className="govuk-link" to={`/staff/${staff.id}`}>
                            No, keep it open
                          </Link>
                        </div>
                      </Form>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="close" />
                        <input type="hidden" name="followUpId" value={f.id} />
                        <ChoiceField
                          field={{ id: `close-${f.id}`, name: "reason", errorId: `close-${f.id}-error`, errors: closeProblem ? [closeProblem] : undefined }}
                          legend="Close without a contact, because"
                          options={Object.entries(CLOSE_REASONS).map(([value, text]) => ({ value, label: text }))}
                        />
                        <button type="submit" className="govuk-button govuk-button--secondary">
                          Close follow-up
                        </button>
                      </Form>
                    )}
                  </div>
                </details>
              </li>
            );
          })}
        </ul>
      )}

      <h2 className="govuk-heading-m">Exposures</h2>
      {exposures.length === 0 ? <p className="govuk-body">None logged yet.</p> : null}
      {exposures.map((e) => (
        <section key={e.id} aria-labelledby={`exposure-${e.id}`} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s" id={`exposure-${e.id}`}>
            {e.incident}, {e.when}
          </h3>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/staff/${staff.id}/exposures/${e.id}`}>
              Change or delete<span className="govuk-visually-hidden"> this exposure ({e.incident}, {e.when})</span>
            </Link>
          </p>
          <SummaryList
            rows={[
              { key: "Involvement", value: e.involvement },
              { key: "Partner agencies", value: e.agencies.join(", ") || "None" },
              { key: "Information reached them", value: e.informationReached === null ? "Not applicable" : `${e.informationReached} of 5` },
              { key: "Barriers", value: e.barriers.join(", ") || "None" },
              ...(e.initiative ? [{ key: "Initiative", value: e.initiative }] : []),
              { key: "Distress at the time", value: e.distress === null ? "Not recorded" : `${e.distress} of 10` },
              ...(e.notes ? [{ key: "Notes", value: e.notes }] : []),
            ]}
          />
        </section>
      ))}

      <h2 className="govuk-heading-m">Support contacts</h2>
      {contacts.length === 0 ? <p className="govuk-body">None logged yet.</p> : null}
      {contacts.map((c) => (
        <section key={c.id} aria-labelledby={`contact-${c.id}`} className="govuk-!-margin-bottom-6">
          <h3 className="govuk-heading-s" id={`contact-${c.id}`}>
            {c.type}, {c.when}
          </h3>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/staff/${staff.id}/contacts/${c.id}`}>
              Change or delete<span className="govuk-visually-hidden"> this support contact ({c.type}, {c.when})</span>
            </Link>
          </p>
          <SummaryList
            rows={[
              { key: "Distress", value: c.distress === null ? "Not recorded" : `${c.distress} of 10` },
              { key: "Risk indicators", value: c.risks.join(", ") || "None" },
              { key: "Outcome", value: c.outcome },
              ...(c.notes ? [{ key: "Notes", value: c.notes }] : []),
            ]}
          />
        </section>
      ))}
    </>
  );
}

/** Open, closed or handed over, with what the supporter can do about it. */
function CaseStatus({ staffId, status }: { staffId: string; status: { handedOver: string | null; closed: string | null; holders: string[] } }) {
  return (
    <section aria-labelledby="case-status" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m govuk-!-margin-bottom-2" id="case-status">
        Case: {status.handedOver ? "handed over" : status.closed ? "closed" : "open"}
      </h2>
      {status.handedOver ? <p className="govuk-body">{status.handedOver} Its follow-ups are no longer in your caseload.</p> : null}
      {status.closed && !status.handedOver ? <p className="govuk-body">{status.closed}</p> : null}
      {status.holders.length > 0 ? <p className="govuk-body">Also held by: {status.holders.join(", ")}.</p> : null}
      {status.handedOver ? null : status.closed ? (
        <Form method="post" action={`/staff/${staffId}/close`}>
          <button type="submit" name="intent" value="reopen" className="govuk-button govuk-button--secondary">
            Reopen this case
          </button>
        </Form>
      ) : (
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`/staff/${staffId}/handover`}>Hand over this case</Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/staff/${staffId}/close`}>Close this case</Link>
          </li>
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
