import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SetPasswordSchema } from "~/auth/password-policy";
import { weakPasswordReason } from "~/auth/password-policy.server";
import { homePathFor, isRole } from "~/auth/roles";
import { stageAfterPassword, startSession } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { recordAudit } from "~/models/audit.server";
import { acceptInvitation, findValidInvitation } from "~/models/invitation.server";
import { replyWithNewAttempt } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Set your password – Debrief" }];

const EXPIRED = "This link has expired or has already been used. Ask your Debrief administrator for a new one.";

async function requireInvitation(token: string | undefined) {
  const invitation = token ? await findValidInvitation(token) : null;
  if (!invitation) throw new Response(EXPIRED, { status: 404 });
  return invitation;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await requireInvitation(params.token);
  return { email: invitation.user.email, displayName: invitation.user.displayName };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const invitation = await requireInvitation(params.token);
  const { user } = invitation;
  const submission = await parseWithZod(await readForm(request), {
    schema: SetPasswordSchema.superRefine((value, ctx) => {
      const reason = weakPasswordReason(value.password, user.email);
      if (reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message: reason });
    }),
    async: true,
  });
  if (submission.status !== "success") {
    return replyWithNewAttempt(submission.reply({ hideFields: ["password", "confirmPassword"] }));
  }
  const accepted = await acceptInvitation(invitation.id, user.id, submission.value.password);
  if (!accepted) throw new Response(EXPIRED, { status: 404 });
  await recordAudit({
    action: "user.password_set",
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "user",
    entityId: user.id,
    ipAddress: context.clientIp,
  });
  const roles = user.roles.map((r) => r.role).filter(isRole);
  return startSession(
    request,
    user.id,
    stageAfterPassword({ ...user, mfaRequired: user.organisation.mfaRequired }),
    homePathFor(roles),
  );
}

export default function AcceptInvitation() {
  const { email, displayName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "set-password",
    lastResult,
    constraint: getZodConstraint(SetPasswordSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.password, fields.confirmPassword]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
        <span className="govuk-caption-l">Welcome to Debrief, {displayName}</span>
        <h1 className="govuk-heading-l">Set your password</h1>
        <p className="govuk-body">You will sign in as {email}.</p>
        <Form method="post" {...getFormProps(form)} noValidate>
          <TextField
            key={`password-${lastResult?.attempt ?? "first"}`}
            field={fields.password}
            label="Password"
            hint="At least 12 characters. A few random words you will remember work well. Common passwords are not allowed."
            type="password"
            autoComplete="new-password"
          />
          <TextField
            key={`confirm-${lastResult?.attempt ?? "first"}`}
            field={fields.confirmPassword}
            label="Enter the password again"
            type="password"
            autoComplete="new-password"
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Set password
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
