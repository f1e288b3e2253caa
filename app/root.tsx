import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ROLE_HOME, ROLE_LABELS } from "~/auth/roles";
import { getCurrentUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { installationHasDemoData } from "~/models/organisation.server";
import stylesUrl from "~/styles/app.scss?url";
import { useNonce } from "~/utils/nonce-provider";
import { CHART_SCRIPT_PATH, drawsCharts } from "~/utils/route-handle";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const isDemo = user ? user.organisation.isDemo : await installationHasDemoData();
  return {
    isDemo,
    user: user
      ? { displayName: user.displayName, email: user.email, roles: user.roles, organisation: user.organisation.name }
      : null,
  };
}

function DemoBanner() {
  return (
    <div className="govuk-phase-banner app-demo-banner" role="region" aria-label="Demo data">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">Demo data</strong>
        <span className="govuk-phase-banner__text">
          This is a demonstration organisation. Every person and record in it is made up.
        </span>
      </p>
    </div>
  );
}

function Header({ user }: { user: Awaited<ReturnType<typeof loader>>["user"] }) {
  return (
    <header className="govuk-header" data-module="govuk-header">
      <div className="govuk-header__container govuk-width-container">
        <div className="govuk-header__logo">
          <a href="/" className="govuk-header__link govuk-header__link--homepage">
            <span className="app-header__product">Debrief</span>
          </a>
        </div>
        {user ? (
          <div className="govuk-header__content app-header__content">
            <p className="app-header__user">
              Signed in as {user.displayName} ({user.roles.map((r) => ROLE_LABELS[r]).join(", ")})
            </p>
          </div>
        ) : null}
      </div>
    </header>
  );
}

function Navigation({ user }: { user: NonNullable<Awaited<ReturnType<typeof loader>>["user"]> }) {
  return (
    <section aria-label="Menu" className="govuk-service-navigation" data-module="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
            <ul className="govuk-service-navigation__list" id="navigation">
              {user.roles.map((role) => (
                <li className="govuk-service-navigation__item" key={role}>
                  <NavLink className="govuk-service-navigation__link" to={ROLE_HOME[role].path}>
                    {ROLE_HOME[role].title}
                  </NavLink>
                </li>
              ))}
              {user.roles.some((role) => role === "admin" || role === "manager") ? (
                <li className="govuk-service-navigation__item">
                  <NavLink className="govuk-service-navigation__link" to="/initiatives">
                    Initiatives
                  </NavLink>
                </li>
              ) : null}
              <li className="govuk-service-navigation__item">
                <NavLink className="govuk-service-navigation__link" to="/account" end>
                  Your account
                </NavLink>
              </li>
              <li className="govuk-service-navigation__item">
                <Form method="post" action="/logout">
                  <button type="submit" className="app-link-button govuk-service-navigation__link">
                    Sign out
                  </button>
                </Form>
              </li>
            </ul>
          </nav>
        </div>
      </div>
    </section>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const chartsOnly = drawsCharts(useMatches().map((match) => match.handle));
  return (
    <html lang="en-GB" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <Header user={data?.user ?? null} />
        {data?.user ? <Navigation user={data.user} /> : null}
        <div className="govuk-width-container">
          {data?.isDemo ? <DemoBanner /> : null}
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/privacy">Privacy: how Debrief uses personal data</a>
                  </li>
                </ul>
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  Debrief: who safeguards those who safeguard? Managers see anonymised team trends only.
                </p>
              </div>
            </div>
          </div>
        </footer>
        {chartsOnly ? (
          <script src={CHART_SCRIPT_PATH} nonce={nonce} defer />
        ) : (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
