import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePasswordLink, setPasswordFromLink } from "~/auth/password-link.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SetPasswordForm } from "~/components/set-password-form";

export const meta: MetaFunction = () => [{ title: "Choose a new password – Debrief" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await requirePasswordLink(params.token, "reset");
  return { email: reset.user.email, twoFactor: Boolean(reset.user.totpEnabledAt) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return setPasswordFromLink(request, params.token, "reset", context.clientIp);
}

export default function ResetPassword() {
  const { email, twoFactor } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SetPasswordForm lastResult={lastResult} submitLabel="Set new password">
          <h1 className="govuk-heading-l">Choose a new password</h1>
          <p className="govuk-body">For {email}. Your old password stops working, and any device still signed in is signed out.</p>
          {twoFactor ? <p className="govuk-body">Your two-factor authentication stays as it is: you will be asked for a code next.</p> : null}
        </SetPasswordForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
