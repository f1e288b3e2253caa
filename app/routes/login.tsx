import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { homePathFor } from "~/auth/roles";
import { getCurrentUser, redirectTargetOf, stageAfterPassword, startSession } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { recordAudit } from "~/models/audit.server";
import { throttleKeys, throttledCheck } from "~/models/auth-failure.server";
import { verifyLogin } from "~/models/user.server";
import { NOT_SAVED_STATUS, attemptSave, replyWithNewAttempt, tooManyAttempts } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const LoginSchema = z.object({
  email: z
    .string({ required_error: "Enter your email address" })
    .trim()
    .max(254, "Email address must be 254 characters or fewer")
    .email("Enter an email address in the correct format, like name@example.org"),
  password: z
    .string({ required_error: "Enter your password" })
    .max(128, "Password must be 128 characters or fewer"),
});

const WRONG_CREDENTIALS = "Enter a correct email address and password";

export const meta: MetaFunction = () => [{ title: "Sign in – Debrief" }];

// Carries Retry-After from a throttled attempt onto the page.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  redirectTargetOf(request, new URL(request.url).searchParams.get("redirectTo"));
  const user = await getCurrentUser(request);
  if (user) throw redirect(homePathFor(user.roles));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const destination = redirectTargetOf(request, formData.get("redirectTo"));
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return replyWithNewAttempt(submission.reply({ hideFields: ["password"] }));
  }
  const { email, password } = submission.value;
  // Signing in writes (failures, the session, the audit line): a database that cannot take it says so on the form.
  const signIn = async () => {
    const keys = throttleKeys("login", email, context.clientIp);
    // Counted before the password is checked, so guesses sent at once cannot pass the limit together.
    const attempt = await throttledCheck(keys, () => verifyLogin(email, password), (login) => login.user !== null);
    if (!attempt.allowed) {
      const wait = attempt.retryAfterSeconds;
      await recordAudit({ action: "auth.login_throttled", ipAddress: context.clientIp, detail: { retryAfterSeconds: wait } });
      return tooManyAttempts((formErrors) => submission.reply({ formErrors, hideFields: ["password"] }), "Too many failed attempts to sign in.", wait);
    }
    const { user, account } = attempt.result;
    if (!user) {
      await recordAudit({
        action: "auth.login_failed",
        organisationId: account?.organisationId,
        actorUserId: account?.id,
        ipAddress: context.clientIp,
      });
      return replyWithNewAttempt(submission.reply({ formErrors: [WRONG_CREDENTIALS], hideFields: ["password"] }));
    }
    await recordAudit({ action: "auth.login", organisationId: user.organisationId, actorUserId: user.id, ipAddress: context.clientIp });
    return startSession(request, user.id, stageAfterPassword(user), destination ?? homePathFor(user.roles));
  };
  const outcome = await attemptSave(signIn, { headline: "You are not signed in", kept: null });
  if (!outcome.ok) return replyWithNewAttempt(submission.reply({ formErrors: [outcome.message], hideFields: ["password"] }), NOT_SAVED_STATUS);
  return outcome.value;
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.email, fields.password]);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Sign in to Debrief</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField
            field={fields.email}
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
          />
          <TextField
            key={lastResult?.attempt ?? "first-attempt"}
            field={fields.password}
            label="Password"
            type="password"
            autoComplete="current-password"
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Sign in
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
