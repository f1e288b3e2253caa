import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ROLES, isRole } from "~/auth/roles";
import { requireRole } from "~/auth/session.server";
import { AccessFields } from "~/components/access-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, fieldErrorsOf } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { SummaryList } from "~/components/summary-list";
import { offeredAccountIntents, passwordResetEmail, refusalOf, type AccountIntent } from "~/domain/account-actions";
import { getEnv } from "~/env.server";
import { getUserForAdmin, setDisabled, updateRolesAndRemit } from "~/models/admin-users.server";
import { recordAudit } from "~/models/audit.server";
import { createInvitation, createPasswordReset, invitationPath, passwordResetPath } from "~/models/invitation.server";
import { activeTeamOptions } from "~/models/team.server";
import { linkOrigin, mailDelivery, sendEmail } from "~/utils/email.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const AccessSchema = z
  .object({
    roles: z.array(z.enum(ROLES), { required_error: "Choose at least one role" }).min(1, "Choose at least one role"),
    remit: z.array(z.string().max(40)).max(500).default([]),
  })
  .refine((value) => !value.roles.includes("manager") || value.remit.length > 0, {
    path: ["remit"],
    message: "Choose the teams this manager may see",
  });

const ACCOUNT_INTENTS: readonly AccountIntent[] = ["reinvite", "reset", "disable", "enable"];
const isAccountIntent = (intent: unknown): intent is AccountIntent => ACCOUNT_INTENTS.includes(intent as AccountIntent);

export const meta: MetaFunction = () => [{ title: "User – Debrief" }];

async function requireManagedUser(request: Request, userId: string | undefined) {
  const admin = await requireRole(request, "admin");
  const user = userId ? await getUserForAdmin(admin.organisationId, userId) : null;
  if (!user) throw new Response("There is no user at this address.", { status: 404 });
  const delivery = mailDelivery(getEnv(), admin.organisation.isDemo);
  const state = { hasPassword: Boolean(user.password), disabled: Boolean(user.disabledAt), isSelf: user.id === admin.id, canSendReset: delivery !== "none" };
  return { admin, user, delivery, state, offered: offeredAccountIntents(state) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { admin, user, delivery, offered } = await requireManagedUser(request, params.userId);
  const teams = await activeTeamOptions(admin.organisationId);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "user", entityId: user.id });
  return {
    isSelf: user.id === admin.id,
    offered,
    delivery,
    teams,
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      disabled: Boolean(user.disabledAt),
      hasPassword: Boolean(user.password),
      mfa: Boolean(user.totpEnabledAt),
      roles: user.roles.map((r) => r.role).filter(isRole),
      remit: user.remit.map((r) => r.teamId),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, user, delivery, state, offered } = await requireManagedUser(request, params.userId);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const audit = (action: string, detail?: Record<string, unknown>) =>
    recordAudit({ action, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "user", entityId: user.id, detail, ipAddress: context.clientIp });

  if (isAccountIntent(intent) && !offered.includes(intent)) {
    // Hidden is not forbidden: a form the page does not offer, posted by hand, is refused here.
    await audit("permission_denied", { intent });
    return data({ result: null, link: null, problem: refusalOf(intent, state) }, { status: 409 });
  }
  if (intent === "disable" || intent === "enable") {
    await setDisabled(user.id, intent === "disable");
    await audit(intent === "disable" ? "user.disable" : "user.enable");
    return redirect(`/admin/users/${user.id}`);
  }
  if (intent === "reinvite") {
    const token = await createInvitation(user.id, admin.id);
    await audit("user.reinvite");
    return data({ result: null, link: new URL(invitationPath(token), request.url).toString(), problem: null });
  }
  if (intent === "reset" && delivery !== "none") {
    // The link goes to the person's own address and is never shown here: the administrator cannot use it.
    const token = await createPasswordReset(user.id, admin.id);
    const link = new URL(passwordResetPath(token), linkOrigin(request, delivery)).toString();
    try {
      await sendEmail(passwordResetEmail(user.email, link), delivery);
    } catch (error) {
      console.error(`A password reset e-mail could not be sent: ${error instanceof Error ? error.message : String(error)}`);
      await audit("user.password_reset", { delivery, sent: false });
      return data(
        { result: null, link: null, problem: "The e-mail could not be sent, so the person has no link. Their sessions have ended. Try again later, or ask whoever runs the server to check its e-mail settings." },
        { status: 502 },
      );
    }
    await audit("user.password_reset", { delivery, sent: true });
    return redirect(`/admin/users/${user.id}?done=reset`);
  }
  // The access form's button says "save"; a post without an intent is that form too.
  if (intent !== null && intent !== "save") throw new Response("Unknown action", { status: 400 });
  const submission = parseWithZod(formData, { schema: AccessSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), link: null, problem: null }, { status: 400 });
  if (user.id === admin.id && !submission.value.roles.includes("admin")) {
    return data(
      { result: submission.reply({ fieldErrors: { roles: ["You cannot remove your own administrator role"] } }), link: null, problem: null },
      { status: 400 },
    );
  }
  const remit = submission.value.roles.includes("manager") ? submission.value.remit : [];
  const saved = await attemptSave(() => updateRolesAndRemit(admin.organisationId, user.id, submission.value.roles, remit));
  if (!saved.ok) return data({ result: submission.reply({ formErrors: [saved.message] }), link: null, problem: null }, NOT_SAVED_STATUS);
  await audit("user.update_access", { roles: submission.value.roles, remitTeams: remit.length });
  return redirect(`/admin/users/${user.id}`);
}

export default function UserPage() {
  const { user, teams, isSelf, offered, delivery } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const resetSent = searchParams.get("done") === "reset" && !actionData;
  const [form, fields] = useForm({
    id: "access",
    lastResult: actionData?.result,
    constraint: getZodConstraint(AccessSchema),
    shouldValidate: "onSubmit",
    defaultValue: { roles: user.roles, remit: user.remit },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccessSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.roles, fields.remit]);
  const resetUnavailable = user.hasPassword && !user.disabled && !isSelf && delivery === "none";
  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/admin/users">
          All users
        </Link>
      </p>
      <ErrorSummary fieldErrors={fieldErrors} formErrors={[...(form.errors ?? []), ...(actionData?.problem ? [actionData.problem] : [])]} />
      {resetSent ? (
        <SuccessBanner title="Success">
          <p className="govuk-notification-banner__heading">
            {delivery === "console" ? "A password reset link was made for " : "A password reset link was sent to "}
            {user.email}
          </p>
          <p className="govuk-body">
            {delivery === "console"
              ? "E-mail is not set up on this server (a demo or development server), so the message was written to the server’s console instead of being sent. "
              : null}
            They are signed out everywhere. The link works once, for an hour.
          </p>
        </SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">User</span>
      <h1 className="govuk-heading-l">{user.displayName}</h1>
      <SummaryList
        rows={[
          { key: "Email address", value: user.email },
          { key: "Status", value: user.disabled ? "Disabled" : user.hasPassword ? "Active" : "Invited, password not set yet" },
          { key: "Two-factor authentication", value: user.mfa ? "On" : "Not set up" },
        ]}
      />
      {actionData?.link ? (
        <div className="govuk-inset-text">
          New one-time link (expires in 72 hours; earlier links no longer work):{" "}
          <code className="app-code" data-testid="invitation-link">{actionData.link}</code>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">Access</h2>
      <Form method="post" {...getFormProps(form)} noValidate>
        <AccessFields roles={fields.roles} remit={fields.remit} teams={teams} />
        <button type="submit" name="intent" value="save" className="govuk-button">
          Save access
        </button>
      </Form>

      <h2 className="govuk-heading-m">Account</h2>
      {offered.includes("reset") ? (
        <>
          <h3 className="govuk-heading-s">Forgotten password</h3>
          <p className="govuk-body">
            {delivery === "console"
              ? `Debrief makes a link for ${user.email} to choose a new password. E-mail is not set up on this server (a demo or development server), so the message is written to the server’s console instead; it is never shown to you.`
              : `Debrief e-mails ${user.email} a link to choose a new password. It is never shown to you.`}{" "}
            The link works once, for an hour. Sending it signs them out everywhere
            {user.mfa ? "; they keep their two-factor authentication and still need a code to sign in" : ""}.
          </p>
        </>
      ) : null}
      {resetUnavailable ? (
        <div className="govuk-inset-text">
          E-mail is not set up on this server, so a forgotten password cannot be reset from here. Whoever runs the server can set it up
          (SMTP_URL, MAIL_FROM and SITE_URL).
        </div>
      ) : null}
      <div className="govuk-button-group">
        {offered.includes("reinvite") ? <AccountButton intent="reinvite">Create a new invitation link</AccountButton> : null}
        {offered.includes("reset") ? <AccountButton intent="reset">Send a password reset link</AccountButton> : null}
        {offered.includes("enable") ? <AccountButton intent="enable">Enable account</AccountButton> : null}
        {offered.includes("disable") ? <AccountButton intent="disable" warning>Disable account and sign them out</AccountButton> : null}
      </div>
    </>
  );
}

/** An account action: a form of its own, so its button posts only its intent. */
function AccountButton({ intent, warning = false, children }: { intent: AccountIntent; warning?: boolean; children: string }) {
  return (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className={`govuk-button ${warning ? "govuk-button--warning" : "govuk-button--secondary"}`}>
        {children}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
