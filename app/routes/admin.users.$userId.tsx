import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLES, isRole } from "~/auth/roles";
import { requireRole } from "~/auth/session.server";
import { AccessFields } from "~/components/access-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, fieldErrorsOf } from "~/components/forms";
import { SummaryList } from "~/components/summary-list";
import { getUserForAdmin, setDisabled, updateRolesAndRemit } from "~/models/admin-users.server";
import { recordAudit } from "~/models/audit.server";
import { createInvitation, invitationPath } from "~/models/invitation.server";
import { activeTeamOptions } from "~/models/team.server";
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

export const meta: MetaFunction = () => [{ title: "User – Debrief" }];

async function requireManagedUser(request: Request, userId: string | undefined) {
  const admin = await requireRole(request, "admin");
  const user = userId ? await getUserForAdmin(admin.organisationId, userId) : null;
  if (!user) throw new Response("There is no user at this address.", { status: 404 });
  return { admin, user };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { admin, user } = await requireManagedUser(request, params.userId);
  const teams = await activeTeamOptions(admin.organisationId);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "user", entityId: user.id });
  return {
    isSelf: user.id === admin.id,
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
  const { admin, user } = await requireManagedUser(request, params.userId);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const audit = (action: string, detail?: Record<string, unknown>) =>
    recordAudit({ action, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "user", entityId: user.id, detail, ipAddress: context.clientIp });

  if (intent === "disable" || intent === "enable") {
    if (user.id === admin.id) throw new Response("You cannot disable your own account.", { status: 400 });
    await setDisabled(user.id, intent === "disable");
    await audit(intent === "disable" ? "user.disable" : "user.enable");
    return redirect(`/admin/users/${user.id}`);
  }
  if (intent === "reinvite") {
    const token = await createInvitation(user.id, admin.id);
    await audit("user.reinvite");
    return data({ result: null, link: new URL(invitationPath(token), request.url).toString() });
  }
  const submission = parseWithZod(formData, { schema: AccessSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), link: null }, { status: 400 });
  if (user.id === admin.id && !submission.value.roles.includes("admin")) {
    return data(
      { result: submission.reply({ fieldErrors: { roles: ["You cannot remove your own administrator role"] } }), link: null },
      { status: 400 },
    );
  }
  const remit = submission.value.roles.includes("manager") ? submission.value.remit : [];
  const saved = await attemptSave(() => updateRolesAndRemit(admin.organisationId, user.id, submission.value.roles, remit));
  if (!saved.ok) return data({ result: submission.reply({ formErrors: [saved.message] }), link: null }, NOT_SAVED_STATUS);
  await audit("user.update_access", { roles: submission.value.roles, remitTeams: remit.length });
  return redirect(`/admin/users/${user.id}`);
}

export default function UserPage() {
  const { user, teams, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "access",
    lastResult: actionData?.result,
    constraint: getZodConstraint(AccessSchema),
    shouldValidate: "onSubmit",
    defaultValue: { roles: user.roles, remit: user.remit },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccessSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.roles, fields.remit]);
  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/admin/users">
          All users
        </Link>
      </p>
      <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
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
      <div className="govuk-button-group">
        {!user.hasPassword && !user.disabled ? (
          <Form method="post">
            <button type="submit" name="intent" value="reinvite" className="govuk-button govuk-button--secondary">
              Create a new invitation link
            </button>
          </Form>
        ) : null}
        {isSelf ? null : user.disabled ? (
          <Form method="post">
            <button type="submit" name="intent" value="enable" className="govuk-button govuk-button--secondary">
              Enable account
            </button>
          </Form>
        ) : (
          <Form method="post">
            <button type="submit" name="intent" value="disable" className="govuk-button govuk-button--warning">
              Disable account and sign them out
            </button>
          </Form>
        )}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
