import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { activateSession, getSession, redirectTargetOf } from "~/auth/session.server";
import { totpQrCode } from "~/auth/totp.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { recordAudit } from "~/models/audit.server";
import { confirmTotpEnrolment, pendingTotpSecret, unusedRecoveryCodeCount } from "~/models/mfa.server";
import { readForm } from "~/utils/form-data.server";

const ConfirmSchema = z.object({
  code: z
    .string({ required_error: "Enter the 6-digit code from your authenticator app" })
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app, like 123456"),
});

export const meta: MetaFunction = () => [{ title: "Set up two-factor authentication – Debrief" }];

/** Signed-in users, and those whose organisation requires MFA before they may go further. */
async function requireEnrolmentSession(request: Request) {
  const session = await getSession(request);
  if (!session || session.stage === "mfa_verify") throw redirect("/login");
  return session;
}

/** Where "continue" goes once the recovery codes are stored: the page the sign-in was on its way to. */
const nextPathOf = (request: Request) => redirectTargetOf(request, new URL(request.url).searchParams.get("redirectTo")) ?? "/";

export async function loader({ request }: LoaderFunctionArgs) {
  const next = nextPathOf(request);
  const session = await requireEnrolmentSession(request);
  const { user } = session;
  if (user.totpEnabledAt) {
    return { enabled: true as const, recoveryCodesLeft: await unusedRecoveryCodeCount(user.id), required: false, next };
  }
  const secret = await pendingTotpSecret(user.id);
  const qr = await totpQrCode(secret!, user.email);
  return {
    enabled: false as const,
    required: session.stage === "mfa_enrol",
    secret: secret!.replace(/(.{4})/g, "$1 ").trim(),
    qrDataUrl: qr.dataUrl,
    next,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Refused before MFA is turned on: the page that shows the codes once must not fail after it.
  nextPathOf(request);
  const session = await requireEnrolmentSession(request);
  const submission = parseWithZod(await readForm(request), { schema: ConfirmSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), recoveryCodes: null }, { status: 400 });
  const codes = await confirmTotpEnrolment(session.user.id, submission.value.code);
  if (!codes) {
    return data(
      {
        result: submission.reply({ fieldErrors: { code: ["That code is not right. Check the app shows Debrief and enter its current code"] } }),
        recoveryCodes: null,
      },
      { status: 400 },
    );
  }
  await recordAudit({
    action: "auth.mfa_enrolled",
    organisationId: session.user.organisationId,
    actorUserId: session.user.id,
    ipAddress: context.clientIp,
  });
  if (session.stage !== "active") await activateSession(session.id);
  return data({ result: submission.reply({ resetForm: true }), recoveryCodes: codes });
}

function RecoveryCodes({ codes, next }: { codes: string[]; next: string }) {
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation">
        <h1 className="govuk-panel__title">Two-factor authentication is on</h1>
      </div>
      <h2 className="govuk-heading-m">Your recovery codes</h2>
      <p className="govuk-body">
        If you lose your phone, each of these codes lets you sign in once. Keep them somewhere safe, such as a
        password manager. This is the only time they are shown.
      </p>
      <ul className="govuk-list govuk-list--bullet" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code className="app-code">{code}</code>
          </li>
        ))}
      </ul>
      <a className="govuk-button" href={next}>
        I have stored my recovery codes – continue
      </a>
    </>
  );
}

export default function TwoFactorSetup() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "two-factor-setup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ConfirmSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConfirmSchema }),
  });

  if (actionData?.recoveryCodes) return <RecoveryCodes codes={actionData.recoveryCodes} next={loaderData.next} />;
  if (loaderData.enabled) {
    return (
      <>
        <h1 className="govuk-heading-l">Two-factor authentication</h1>
        <p className="govuk-body">Two-factor authentication is on for your account.</p>
        <p className="govuk-body">You have {loaderData.recoveryCodesLeft} unused recovery codes.</p>
      </>
    );
  }
  const fieldErrors = fieldErrorsOf([fields.code]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Set up two-factor authentication</h1>
        {loaderData.required ? (
          <p className="govuk-body">
            Your organisation requires a second step when you sign in, because Debrief holds health information
            about colleagues.
          </p>
        ) : null}
        <ol className="govuk-list govuk-list--number">
          <li>Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator).</li>
          <li>Scan this QR code with it, or type in the key below.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <img src={loaderData.qrDataUrl} width={240} height={240} alt="QR code to add Debrief to an authenticator app" />
        <p className="govuk-body">
          Key: <code className="app-code" data-testid="totp-secret">{loaderData.secret}</code>
        </p>
        <Form method="post" {...getFormProps(form)} noValidate>
          <TextField
            field={fields.code}
            label="Code from the app"
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            inputClassName="govuk-input--width-5"
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Turn on two-factor authentication
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
