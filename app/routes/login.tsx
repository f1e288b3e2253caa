import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { homePathFor } from "~/auth/roles";
import { getCurrentUser, redirectTargetOf, stageAfterPassword, startSession } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ChoiceField } from "~/components/choices";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { recordAudit } from "~/models/audit.server";
import { loginThrottleKeys, throttledCheck } from "~/models/auth-failure.server";
import { accountIdsOfAddress, verifyLogin } from "~/models/user.server";
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
  // Asked only when the password is right for accounts in several organisations.
  organisationId: z.string().max(40).optional(),
});

const WRONG_CREDENTIALS = "Enter a correct email address and password";
const CHOOSE_ORGANISATION = "You have an account in more than one organisation: choose which to sign in to, and enter your password again";

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
  const { email, password, organisationId } = submission.value;
  // Signing in writes (failures, the session, the audit line): a database that cannot take it says so on the form.
  const signIn = async () => {
    const accountIds = await accountIdsOfAddress(email);
    const { keys, accountKey } = loginThrottleKeys(email, accountIds, context.clientIp);
    // Counted before the password is checked, so guesses sent at once cannot pass the limit together;
    // a right password clears only the failures of the accounts it was right for.
    const attempt = await throttledCheck(
      keys,
      () => verifyLogin(email, password, organisationId, accountIds),
      (login) => (login.user || login.organisations ? login.rightFor.map(accountKey).filter((key) => key !== null) : null),
    );
    if (!attempt.allowed) {
      const wait = attempt.retryAfterSeconds;
      await recordAudit({ action: "auth.login_throttled", ipAddress: context.clientIp, detail: { retryAfterSeconds: wait } });
      return tooManyAttempts((formErrors) => submission.reply({ formErrors, hideFields: ["password"] }), "Too many failed attempts to sign in.", wait);
    }
    const { user, accounts, organisations } = attempt.result;
    if (organisations) {
      // The password was right for each of these: the person chooses, and gives it once more.
      return replyWithNewAttempt({ ...submission.reply({ formErrors: [CHOOSE_ORGANISATION], hideFields: ["password"] }), organisations }, { status: 200 });
    }
    if (!user) {
      // In the log of each organisation holding the address (none for an unknown address).
      for (const account of accounts.length > 0 ? accounts : [null]) {
        await recordAudit({ action: "auth.login_failed", organisationId: account?.organisationId, actorUserId: account?.id, ipAddress: context.clientIp });
      }
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
  // Only the reply to a password right in several organisations carries them.
  const organisations = (lastResult as { organisations?: { id: string; name: string }[] } | undefined)?.organisations ?? null;

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
          {organisations ? (
            <ChoiceField
              field={fields.organisationId}
              legend="Which organisation do you want to sign in to?"
              options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            />
          ) : null}
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
