import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { homePathFor } from "~/auth/roles";
import { getSession, redirectTargetOf, startSession } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { recordAudit } from "~/models/audit.server";
import { throttledCheck, totpThrottleKeys } from "~/models/auth-failure.server";
import { verifySecondFactor } from "~/models/mfa.server";
import { replyWithNewAttempt, tooManyAttempts } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const CodeSchema = z.object({
  code: z
    .string({ required_error: "Enter the 6-digit code from your authenticator app" })
    .trim()
    .max(32, "Enter the 6-digit code from your authenticator app, or a recovery code"),
});

const WRONG_CODE = "Enter the current 6-digit code from your authenticator app, or an unused recovery code";

export const meta: MetaFunction = () => [{ title: "Enter your code – Debrief" }];

async function requireVerifyStage(request: Request) {
  const session = await getSession(request);
  if (!session) throw redirect("/login");
  if (session.stage !== "mfa_verify") throw redirect(homePathFor(session.user.roles));
  return session;
}

// Carries Retry-After from a throttled attempt onto the page.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  redirectTargetOf(request, new URL(request.url).searchParams.get("redirectTo"));
  await requireVerifyStage(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const destination = redirectTargetOf(request, formData.get("redirectTo"));
  const session = await requireVerifyStage(request);
  const user = session.user;
  const submission = parseWithZod(formData, { schema: CodeSchema });
  if (submission.status !== "success") {
    return replyWithNewAttempt(submission.reply({ hideFields: ["code"] }));
  }
  const { keys, account } = totpThrottleKeys(user.id, context.clientIp);
  // Counted before the code (an authenticator's or a recovery code) is checked: guesses sent at once cannot pass the limit together.
  const attempt = await throttledCheck(keys, () => verifySecondFactor(user.id, submission.value.code), (method) => (method !== null ? [account] : null));
  if (!attempt.allowed) {
    return tooManyAttempts((formErrors) => submission.reply({ formErrors, hideFields: ["code"] }), "Too many wrong codes.", attempt.retryAfterSeconds);
  }
  const method = attempt.result;
  if (!method) {
    await recordAudit({ action: "auth.mfa_failed", organisationId: user.organisationId, actorUserId: user.id, ipAddress: context.clientIp });
    return replyWithNewAttempt(submission.reply({ fieldErrors: { code: [WRONG_CODE] }, hideFields: ["code"] }));
  }
  await recordAudit({
    action: method === "totp" ? "auth.mfa_verified" : "auth.recovery_code_used",
    organisationId: user.organisationId,
    actorUserId: user.id,
    ipAddress: context.clientIp,
  });
  return startSession(request, user.id, "active", destination ?? homePathFor(user.roles));
}

export default function TwoFactorPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "two-factor",
    lastResult,
    constraint: getZodConstraint(CodeSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CodeSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.code]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Enter your code</h1>
        <p className="govuk-body">Open the authenticator app you set up for Debrief and enter the code it shows.</p>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField
            key={lastResult?.attempt ?? "first-attempt"}
            field={fields.code}
            label="Code"
            hint="6 digits, or one of your recovery codes if you do not have your phone"
            autoComplete="one-time-code"
            spellCheck={false}
            inputClassName="govuk-input--width-10"
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Continue
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
