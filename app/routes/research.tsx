import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listInitiatives } from "~/models/initiative.server";
import { formatDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Research – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "researcher");
  const timeZone = user.organisation.timeZone;
  const initiatives = await listInitiatives(user.organisationId);
  return {
    initiatives: initiatives.map((initiative) => ({
      id: initiative.id,
      name: initiative.name,
      description: initiative.description,
      start: formatDate(initiative.startDate, timeZone),
      end: initiative.endDate ? formatDate(initiative.endDate, timeZone) : null,
      teams: initiative._count.teams,
    })),
  };
}

export default function Research() {
  const { initiatives } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Research</h1>
      <p className="govuk-body">Information-sharing initiatives registered by your organisation.</p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Initiatives</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Initiative</th>
            <th scope="col" className="govuk-table__header">Started</th>
            <th scope="col" className="govuk-table__header">Ended</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Teams covered</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {initiatives.map((initiative) => (
            <tr className="govuk-table__row" key={initiative.id}>
              <td className="govuk-table__cell">
                <strong>{initiative.name}</strong>
                <br />
                <span className="govuk-body-s">{initiative.description}</span>
              </td>
              <td className="govuk-table__cell">{initiative.start}</td>
              <td className="govuk-table__cell">{initiative.end ?? "Running"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{initiative.teams}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
