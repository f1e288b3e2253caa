import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePasswordLink, setPasswordFromLink } from "~/auth/password-link.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SetPasswordForm } from "~/components/set-password-form";

export const meta: MetaFunction = () => [{ title: "Set your password – Debrief" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await requirePasswordLink(params.token, "invitation");
  return { email: invitation.user.email, displayName: invitation.user.displayName };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return setPasswordFromLink(request, params.token, "invitation", context.clientIp);
}

export default function AcceptInvitation() {
  const { email, displayName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <SetPasswordForm lastResult={lastResult} submitLabel="Set password">
          <span className="govuk-caption-l">Welcome to Debrief, {displayName}</span>
          <h1 className="govuk-heading-l">Set your password</h1>
          <p className="govuk-body">You will sign in as {email}.</p>
        </SetPasswordForm>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
