import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAnyRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SuccessBanner } from "~/components/success-banner";
import { PARTNER_AGENCIES } from "~/domain/vocabulary";
import { listInitiatives } from "~/models/initiative.server";
import { formatDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Initiatives – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAnyRole(request, ["admin", "manager", "researcher"]);
  const timeZone = user.organisation.timeZone;
  const initiatives = await listInitiatives(user.organisationId);
  return {
    canEdit: user.roles.includes("admin") || user.roles.includes("manager"),
    canEvaluate: user.roles.includes("manager") || user.roles.includes("researcher"),
    initiatives: initiatives.map((i) => ({
      id: i.id,
      name: i.name,
      description: i.description,
      period: `${formatDate(i.startDate, timeZone)} to ${i.endDate ? formatDate(i.endDate, timeZone) : "now"}`,
      teams: i.teams.map((t) => t.team.name).join(", "),
      partners: i.partnerAgencies.map((p) => PARTNER_AGENCIES[p.agency as keyof typeof PARTNER_AGENCIES] ?? p.agency).join(", "),
    })),
  };
}

export default function Initiatives() {
  const { initiatives, canEdit, canEvaluate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const saved = initiatives.find((i) => i.id === params.get("saved"));
  return (
    <>
      {saved ? (
        <SuccessBanner title="Saved">
          <p className="govuk-notification-banner__heading">{saved.name} is saved in the register.</p>
        </SuccessBanner>
      ) : null}
      <h1 className="govuk-heading-l">Information-sharing initiatives</h1>
      <p className="govuk-body">
        Schemes that share information between agencies, the teams they cover and the outcomes to watch. Supporters can tag an exposure
        with the initiative that applied.
      </p>
      {canEdit ? (
        <Link to="/initiatives/new" className="govuk-button">
          Add an initiative
        </Link>
      ) : null}
      {initiatives.length === 0 ? <p className="govuk-body">No initiatives are registered yet.</p> : null}
      {initiatives.map((initiative) => (
        <section key={initiative.id} aria-labelledby={`initiative-${initiative.id}`} className="app-initiative">
          <h2 className="govuk-heading-m" id={`initiative-${initiative.id}`}>
            {initiative.name}
          </h2>
          {initiative.description ? <p className="govuk-body">{initiative.description}</p> : null}
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Running</dt>
              <dd className="govuk-summary-list__value">{initiative.period}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Partner agencies</dt>
              <dd className="govuk-summary-list__value">{initiative.partners}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Teams covered</dt>
              <dd className="govuk-summary-list__value">{initiative.teams}</dd>
            </div>
          </dl>
          <p className="govuk-body">
            {canEvaluate ? (
              <Link className="govuk-link govuk-!-margin-right-4" to={`/initiatives/${initiative.id}`}>
                Evaluate<span className="govuk-visually-hidden"> {initiative.name}</span>
              </Link>
            ) : null}
            {canEdit ? (
              <Link className="govuk-link" to={`/initiatives/${initiative.id}/edit`}>
                Change<span className="govuk-visually-hidden"> {initiative.name}</span>
              </Link>
            ) : null}
          </p>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
