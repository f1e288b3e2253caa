import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

const STATUS_TITLES: Record<number, string> = {
  400: "There is a problem with the request",
  403: "You do not have access to this page",
  404: "Page not found",
  429: "Too many attempts",
  503: "Service unavailable",
};

/** The error shown inside the layout, in plain words and without technical detail. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    // A page that knows better says what went wrong in the response's status text.
    const title = error.statusText || STATUS_TITLES[error.status] || "Sorry, there is a problem";
    const message = typeof error.data === "string" && error.data ? error.data : null;
    return (
      <>
        <h1 className="govuk-heading-l">{title}</h1>
        {message ? <p className="govuk-body">{message}</p> : null}
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            Go to the start page
          </a>
        </p>
      </>
    );
  }
  console.error(error);
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Nothing you saved before this message has been lost.</p>
    </>
  );
}
