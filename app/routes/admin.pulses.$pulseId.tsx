// One check-in: its code and link to hand out, how many have answered, and once it has closed
// with enough answers, its results.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SummaryList } from "~/components/summary-list";
import { displayCode, isOpen } from "~/domain/pulse";
import { recordAudit } from "~/models/audit.server";
import { closePulse, findPulse, pulseResults } from "~/models/pulse.server";
import { formatDate } from "~/utils/time";

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
  const open = isOpen(pulse);
  // Results only after closing (so they cannot be watched change answer by answer) and from k answers.
  const results = !open && pulse._count.responses >= k ? await pulseResults(pulse.id) : null;
  const informationAnswers = results ? results.information.filter((r) => r.rating !== null).reduce((sum, r) => sum + r.count, 0) : 0;
  const informationMean =
    results && informationAnswers >= k ? results.information.reduce((sum, r) => sum + (r.rating ?? 0) * r.count, 0) / informationAnswers : null;
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse", entityId: pulse.id });
  return {
    k,
    open,
    team: pulse.team.name,
    code: displayCode(pulse.code),
    link: `${new URL(request.url).origin}/pulse/${pulse.code}`,
    opened: formatDate(pulse.createdAt, timeZone),
    closes: formatDate(pulse.closedAt ?? pulse.closesAt, timeZone),
    answers: pulse._count.responses,
    results: results && {
      meanWho5: results.meanWho5.toFixed(1),
      informationMean: informationMean === null ? null : informationMean.toFixed(1),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const pulse = await requirePulse(admin.organisationId, params.pulseId);
  await closePulse(admin.organisationId, pulse.id);
  await recordAudit({ action: "pulse.close", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse", entityId: pulse.id });
  return redirect(`/admin/pulses/${pulse.id}`);
}

export default function PulseDetail() {
  const { k, open, team, code, link, opened, closes, answers, results } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="govuk-back-link" to="/admin/pulses">
        All check-ins
      </Link>
      <span className="govuk-caption-l">Team check-in</span>
      <h1 className="govuk-heading-l">{team}</h1>
      <SummaryList
        rows={[
          { key: "Code", value: <strong className="app-pulse-code">{code}</strong> },
          { key: "Link", value: <a className="govuk-link" href={link}>{link}</a> },
          { key: "Opened", value: opened },
          { key: open ? "Closes" : "Closed", value: closes },
          { key: "Answers", value: answers },
        ]}
      />
      {open ? (
        <>
          <p className="govuk-body">
            Give the team the code (they type it on <code>/pulse</code>) or the link. Results appear here once the check-in closes, if at least {k} people
            answered.
          </p>
          <Form method="post">
            <button type="submit" className="govuk-button govuk-button--secondary">
              Close the check-in now
            </button>
          </Form>
        </>
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
