import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ROLE_HOME, homePathFor } from "~/auth/roles";
import { getCurrentUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [
  { title: "Debrief – staff well-being and incident debriefs" },
  {
    name: "description",
    content: "Log exposures to distressing incidents, the support that followed, and see anonymised team trends.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return { places: null };
  const home = homePathFor(user.roles);
  if (home !== "/") throw redirect(home);
  return { places: user.roles.map((role) => ROLE_HOME[role]) };
}

export default function Index() {
  const { places } = useLoaderData<typeof loader>();
  if (places) {
    return (
      <>
        <h1 className="govuk-heading-l">Where would you like to go?</h1>
        {places.length === 0 ? (
          <p className="govuk-body">
            Your account has no role yet. Ask an administrator of your organisation to give you one.
          </p>
        ) : (
          <ul className="govuk-list">
            {places.map((place) => (
              <li key={place.path} className="govuk-!-margin-bottom-4">
                <a className="govuk-link govuk-!-font-weight-bold" href={place.path}>
                  {place.title}
                </a>
                <p className="govuk-body govuk-!-margin-bottom-0">{place.description}</p>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Debrief</h1>
        <p className="govuk-body-l">Who safeguards those who safeguard?</p>
        <p className="govuk-body">
          Police officers, paramedics, 999 call handlers, crisis nurses and highways crews are exposed to
          suicides, violence and repeated crisis calls. Debrief helps Mental Health First Aiders and peer
          supporters record those exposures, the debriefs and follow-ups that came after, and referrals.
        </p>
        <p className="govuk-body">
          Managers see anonymised team trends only, never a person. Services learn whether better
          information sharing between agencies reduces the stress their staff carry.
        </p>
        <a href="/login" role="button" draggable="false" className="govuk-button govuk-button--start">
          Sign in
          <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </a>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
