// One check-in: how many of its codes are used, its slips, and, once it has run to its announced
// end with at least k codes used, its results. Withdrawing it early hides them for good.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SummaryList } from "~/components/summary-list";
import { pulseState, resultsShown } from "~/domain/pulse";
import { recordAudit } from "~/models/audit.server";
import { findPulse, pulseResults, withdrawPulse } from "~/models/pulse.server";
import { formatDate, formatDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Team check-in – Debrief" }];

async function requirePulse(organisationId: string, pulseId: string | undefined) {
  const pulse = await findPulse(organisationId, pulseId ?? "");
  if (!pulse) throw new Response("No check-in with that name was found.", { status: 404 });
  return pulse;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const pulse = await requirePulse(admin.organisationId, params.pulseId);
  const timeZone = admin.organisation.timeZone;
  const k = admin.organisation.anonymityThreshold;
  const now = new Date();
  const state = pulseState(pulse, now);
  // Results only after the announced end (never watched change answer by answer, never brought
  // forward) and from k people, each counted once by their code.
  const results = resultsShown(pulse, k, now) ? await pulseResults(pulse.id) : null;
  const informationAnswers = results ? results.information.filter((r) => r.rating !== null).reduce((sum, r) => sum + r.count, 0) : 0;
  const informationMean =
    results && informationAnswers >= k ? results.information.reduce((sum, r) => sum + (r.rating ?? 0) * r.count, 0) / informationAnswers : null;
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse", entityId: pulse.id });
  return {
    k,
    id: pulse.id,
    state,
    team: pulse.team.name,
    opened: formatDate(pulse.createdAt, timeZone),
    closes: formatDateTime(pulse.closesAt, timeZone),
    withdrawn: pulse.withdrawnAt ? formatDateTime(pulse.withdrawnAt, timeZone) : null,
    slipsMade: pulse.slipsMadeAt ? formatDateTime(pulse.slipsMadeAt, timeZone) : null,
    codesUsed: pulse.codesUsed,
    codesIssued: pulse.codesIssued,
    results: results && {
      meanWho5: results.meanWho5.toFixed(1),
      informationMean: informationMean === null ? null : informationMean.toFixed(1),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const pulse = await requirePulse(admin.organisationId, params.pulseId);
  if (await withdrawPulse(admin.organisationId, pulse.id)) {
    await recordAudit({ action: "pulse.withdraw", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse", entityId: pulse.id });
  }
  return redirect(`/admin/pulses/${pulse.id}`);
}

export default function PulseDetail() {
  const { k, id, state, team, opened, closes, withdrawn, slipsMade, codesUsed, codesIssued, results } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="govuk-back-link" to="/admin/pulses">
        All check-ins
      </Link>
      <span className="govuk-caption-l">Team check-in</span>
      <h1 className="govuk-heading-l">{team}</h1>
      <SummaryList
        rows={[
          { key: "Opened", value: opened },
          state === "withdrawn" ? { key: "Withdrawn", value: withdrawn } : { key: state === "open" ? "Open until" : "Ended", value: closes },
          { key: "Codes used", value: `${codesUsed} of ${codesIssued} (one slip for each person in the team's headcount)` },
          ...(state === "open" ? [{ key: "Slips", value: slipsMade ? `Made ${slipsMade}` : "Not made yet" }] : []),
        ]}
      />
      {state === "open" ? (
        <>
          <h2 className="govuk-heading-m">Slips</h2>
          {slipsMade ? (
            <p className="govuk-body">
              If the slips were lost or never printed, you can make new ones: the unused slips of the earlier sheet then stop working.{" "}
              <Link className="govuk-link" to={`/admin/pulses/${id}/slips`}>
                Make new slips
              </Link>
            </p>
          ) : (
            <p className="govuk-body">
              Nobody can answer until the slips are made and handed out.{" "}
              <Link className="govuk-link" to={`/admin/pulses/${id}/slips`}>
                Make the slips
              </Link>
            </p>
          )}
          <h2 className="govuk-heading-m">Results</h2>
          <p className="govuk-body">
            Results appear here after {closes}, if at least {k} people answered by then.
          </p>
          <h2 className="govuk-heading-m">Withdraw the check-in</h2>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Withdrawing stops the check-in taking answers, and its results are never shown, not even after {closes}. It cannot be undone.
            </strong>
          </div>
          <p className="govuk-body">Withdraw it if its slips went astray or it was opened by mistake. A check-in cannot be ended early to see its results sooner.</p>
          <Form method="post">
            <button type="submit" name="intent" value="withdraw" className="govuk-button govuk-button--warning">
              Withdraw the check-in
            </button>
          </Form>
        </>
      ) : state === "withdrawn" ? (
        <p className="govuk-body">This check-in was withdrawn before its end. It took no more answers after that, and its results are never shown.</p>
      ) : results ? (
        <>
          <h2 className="govuk-heading-m">Results</h2>
          <SummaryList
            rows={[
              { key: "Mean WHO-5 well-being score", value: `${results.meanWho5} of 100 (below 50 suggests poor well-being)` },
              {
                key: "Information from partner agencies helped",
                value: results.informationMean === null ? `Fewer than ${k} answered this question` : `${results.informationMean} of 5 on average (5 = fully)`,
              },
            ]}
          />
          <p className="govuk-body">The team&apos;s trends over months, and the share below 50, are on the managers&apos; team-trends page.</p>
        </>
      ) : (
        <p className="govuk-body">No results are shown: fewer than {k} people answered, so any figure could point to one of them.</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
