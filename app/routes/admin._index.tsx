import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SummaryList } from "~/components/summary-list";
import { recordAudit } from "~/models/audit.server";
import { REMINDER_HOUR } from "~/domain/reminders";
import { reminderDelivery, supportersFollowUpCounts } from "~/models/reminders.server";
import { loadSetupChecklist, setSetupChecklistHidden, type SetupStep } from "~/models/setup.server";
import { organisationOverview } from "~/models/team.server";
import { readForm } from "~/utils/form-data.server";
import { monthKey } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Organisation – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "organisation" });
  const [overview, setup, reminders, supporters] = await Promise.all([
    organisationOverview(user.organisationId),
    loadSetupChecklist(user.organisationId, monthKey(new Date(), user.organisation.timeZone)),
    reminderDelivery(user.organisationId),
    supportersFollowUpCounts(user.organisationId, user.organisation.timeZone),
  ]);
  return { ...overview, setup, reminders, supporters };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const intent = String((await readForm(request)).get("intent") ?? "");
  if (intent !== "hide-setup" && intent !== "show-setup") throw new Response("Unknown action", { status: 400 });
  await setSetupChecklistHidden(admin.organisationId, intent === "hide-setup");
  await recordAudit({ action: `setup.${intent === "hide-setup" ? "hide" : "show"}_checklist`, organisationId: admin.organisationId, actorUserId: admin.id, ipAddress: context.clientIp });
  return redirect("/admin");
}

/** GOV.UK task list: each step of setting up, with what is there and whether it is done. */
function SetupChecklist({ steps, hideable = true }: { steps: SetupStep[]; hideable?: boolean }) {
  const done = steps.filter((s) => s.done).length;
  return (
    <section aria-labelledby="setup-title" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="setup-title">
        Set up your organisation
      </h2>
      <p className="govuk-body">
        {done} of {steps.length} steps done. Hide the list when you no longer need it; it can be shown again below.
      </p>
      <ul className="govuk-task-list">
        {steps.map((step) => (
          <li className="govuk-task-list__item govuk-task-list__item--with-link" key={step.key}>
            <div className="govuk-task-list__name-and-hint">
              <Link className="govuk-link govuk-task-list__link" to={step.href} aria-describedby={`setup-${step.key}-hint setup-${step.key}-status`}>
                {step.title}
                {step.optional ? " (if you have any)" : ""}
              </Link>
              <div className="govuk-task-list__hint" id={`setup-${step.key}-hint`}>
                {step.status}
              </div>
            </div>
            <div className="govuk-task-list__status" id={`setup-${step.key}-status`}>
              {step.done ? "Done" : <strong className="govuk-tag govuk-tag--blue">{step.optional ? "Optional" : "To do"}</strong>}
            </div>
          </li>
        ))}
      </ul>
      {hideable ? (
        <Form method="post">
          <button type="submit" name="intent" value="hide-setup" className="govuk-button govuk-button--secondary">
            Hide this list
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** Whether reminder e-mails go out, in plain words: an administrator must know when they do not. */
function RemindersStatus({ delivery, timeZone }: { delivery: "smtp" | "console" | "none"; timeZone: string }) {
  if (delivery === "none") {
    return (
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          Reminders by e-mail are off: this server has no outgoing e-mail set up, so supporters get no daily reminder of
          what is overdue or due and administrators no weekly summary. Whoever runs the server turns them on by setting
          SMTP_URL, MAIL_FROM and SITE_URL (see Configuration in the README).
        </strong>
      </div>
    );
  }
  if (delivery === "console") {
    return (
      <p className="govuk-body">
        Reminders by e-mail are not sent from here: without outgoing e-mail set up they are written to the server’s console
        (development and the demo only).
      </p>
    );
  }
  return (
    <p className="govuk-body">
      Reminders by e-mail are on. From {String(REMINDER_HOUR).padStart(2, "0")}:00 ({timeZone}) each supporter with something overdue or
      due that day gets one e-mail, and each administrator a summary once a week. They hold counts and a link only. Each
      person can turn theirs off on their account page.
    </p>
  );
}

function describeOffset(hours: number) {
  return hours % 24 === 0 && hours >= 48 ? `${hours / 24} days` : `${hours} hours`;
}

export default function Admin() {
  const { organisation, counts, followUpSteps, setup, reminders, supporters } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Organisation</span>
      <h1 className="govuk-heading-l">{organisation.name}</h1>
      {!setup.complete && !setup.hidden ? <SetupChecklist steps={setup.checklist} /> : null}
      {setup.complete ? (
        // Done: the list steps aside, but stays at hand to check what it counted.
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Set-up is complete: all {setup.checklist.length} steps are done</span>
          </summary>
          <div className="govuk-details__text">
            <SetupChecklist steps={setup.checklist} hideable={false} />
          </div>
        </details>
      ) : null}
      <ul className="govuk-list">
        <li>
          <Link className="govuk-link" to="/admin/users">Users: invite, change roles and remits, disable</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/services">Services: the agencies that hold teams</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/teams">Teams: add, rename, move, merge, archive</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/headcounts">Headcounts: staff in each team each month, for rates</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/pulses">Team check-ins: open a WHO-5 pulse for a team, see results</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/import">Import records: bring in past exposures from a spreadsheet, or undo an import</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/staff">Staff records: subject access copies and erasure</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/privacy">Record of processing, shown to everyone on the privacy page</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/settings">Organisation settings</Link>
        </li>
        <li>
          <Link className="govuk-link" to="/admin/audit">Audit log</Link>
        </li>
      </ul>
      <SummaryList
        rows={[
          { key: "Services", value: counts.services },
          { key: "Teams", value: counts.teams },
          { key: "Users", value: counts.invited > 0 ? `${counts.users} (${counts.invited} not signed in yet)` : counts.users },
        ]}
      />
      {!setup.complete && setup.hidden ? (
        <Form method="post">
          <button type="submit" name="intent" value="show-setup" className="govuk-button govuk-button--secondary">
            Show the set-up list
          </button>
        </Form>
      ) : null}
      <h2 className="govuk-heading-m">Reminders and follow-ups</h2>
      <RemindersStatus delivery={reminders} timeZone={organisation.timeZone} />
      {supporters.length > 0 ? (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--s">Follow-ups of each supporter’s cases today</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Supporter</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Overdue</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Due today</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Next 7 days</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {supporters.map((supporter) => (
              <tr className="govuk-table__row" key={supporter.id}>
                <th scope="row" className="govuk-table__header" data-label="Supporter">{supporter.displayName}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Overdue">{supporter.counts.overdue}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Due today">{supporter.counts.dueToday}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Next 7 days">{supporter.counts.upcoming}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2 className="govuk-heading-m">Settings</h2>
      <SummaryList
        rows={[
          {
            key: "Anonymity threshold",
            value: `Figures from fewer than ${organisation.anonymityThreshold} staff members are hidden`,
          },
          { key: "Two-factor authentication", value: organisation.mfaRequired ? "Required" : "Optional" },
          { key: "Retention period", value: `${organisation.retentionMonths} months` },
          { key: "Time zone", value: organisation.timeZone },
          {
            key: "Follow-up protocol",
            value: (
              <ul className="govuk-list">
                {followUpSteps.map((step) => (
                  <li key={step.label}>
                    {step.label}: {describeOffset(step.offsetHours)} after the exposure
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
