// A check-in's slips: one single-use code for each person who has not answered yet. The codes
// exist in plain only in the answer to the button that makes them (Debrief keeps their hashes),
// so the sheet is shown once; making it again cancels the earlier sheet's unused codes.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { stringify } from "csv-stringify/sync";
import { requireRole } from "~/auth/session.server";
import { CheckInSlips, type SlipSheet } from "~/components/check-in-slips";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { displayCode, isOpen } from "~/domain/pulse";
import { recordAudit } from "~/models/audit.server";
import { findPulse, makeSlips } from "~/models/pulse.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { formatDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Slips for ${data?.team ?? "a team check-in"} – Debrief` }];

async function requirePulse(organisationId: string, pulseId: string | undefined) {
  const pulse = await findPulse(organisationId, pulseId ?? "");
  if (!pulse) throw new Response("No check-in with that name was found.", { status: 404 });
  return pulse;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const pulse = await requirePulse(admin.organisationId, params.pulseId);
  return {
    id: pulse.id,
    team: pulse.team.name,
    open: isOpen(pulse),
    closes: formatDateTime(pulse.closesAt, admin.organisation.timeZone),
    slipsMade: pulse.slipsMadeAt ? formatDateTime(pulse.slipsMadeAt, admin.organisation.timeZone) : null,
    toMake: Math.max(0, pulse.codesIssued - pulse.codesUsed),
    codesUsed: pulse.codesUsed,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const pulse = await requirePulse(admin.organisationId, params.pulseId);
  const saved = await attemptSave(() => makeSlips(admin.organisationId, pulse.id));
  if (!saved.ok) return data({ sheet: null, problem: saved.message }, NOT_SAVED_STATUS);
  if (saved.value === null) return data({ sheet: null, problem: "This check-in is no longer open, so it has no slips" }, { status: 409 });
  const codes = saved.value.map(displayCode);
  await recordAudit({ action: "pulse.slips", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "pulse", entityId: pulse.id, detail: { slips: codes.length } });
  const address = `${new URL(request.url).origin}/pulse`;
  const closes = formatDateTime(pulse.closesAt, admin.organisation.timeZone);
  const sheet: SlipSheet = {
    backTo: `/admin/pulses/${pulse.id}`,
    team: pulse.team.name,
    address,
    closes,
    codes,
    csv: stringify(codes.map((code) => [code, address, closes]), { header: true, columns: ["code", "address", "open until"] }),
    replacesEarlier: pulse.slipsMadeAt !== null,
  };
  return { sheet, problem: null };
}

export default function PulseSlips() {
  const { id, team, open, closes, slipsMade, toMake, codesUsed } = useLoaderData<typeof loader>();
  const made = useActionData<typeof action>();
  if (made?.sheet) return <CheckInSlips {...made.sheet} />;
  return (
    <>
      {made?.problem ? <ErrorSummary fieldErrors={[]} formErrors={[made.problem]} /> : null}
      <Link className="govuk-back-link" to={`/admin/pulses/${id}`}>
        Back to the check-in
      </Link>
      <span className="govuk-caption-l">Team check-in</span>
      <h1 className="govuk-heading-l">Slips for {team}</h1>
      {!open ? (
        <p className="govuk-body">This check-in is no longer open, so it has no slips.</p>
      ) : (
        <>
          {slipsMade ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Slips were made on {slipsMade}. Making new ones stops every unused slip of that sheet working.
              </strong>
            </div>
          ) : null}
          <p className="govuk-body">
            {slipsMade
              ? `There will be ${toMake} new slips: one for each person in the team's headcount who has not answered yet (${codesUsed} ${codesUsed === 1 ? "code is" : "codes are"} used and stay counted). Give each new slip to someone who has not answered.`
              : `There will be ${toMake} slips, one for each person in the team's headcount. Each has a code that works once, until ${closes}.`}
          </p>
          <p className="govuk-body">
            The codes are shown only once, on the next page: Debrief keeps only a scrambled form of each, so it cannot show them again. Have a printer
            ready.
          </p>
          <Form method="post">
            <button type="submit" className="govuk-button">
              {slipsMade ? "Make new slips" : "Make the slips"}
            </button>
          </Form>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
