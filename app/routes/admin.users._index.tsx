import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLE_LABELS, ROLES, isRole } from "~/auth/roles";
import { requireRole } from "~/auth/session.server";
import { AccessFields } from "~/components/access-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { inviteUser, listUsers } from "~/models/admin-users.server";
import { recordAudit } from "~/models/audit.server";
import { invitationPath } from "~/models/invitation.server";
import { emailInOrganisation } from "~/models/user.server";
import { activeTeamOptions } from "~/models/team.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const InviteSchema = z
  .object({
    email: z
      .string({ required_error: "Enter the person's email address" })
      .trim()
      .toLowerCase()
      .max(254, "Email address must be 254 characters or fewer")
      .email("Enter an email address in the correct format, like name@example.org"),
    displayName: z
      .string({ required_error: "Enter the person's name" })
      .trim()
      .max(100, "Name must be 100 characters or fewer"),
    roles: z.array(z.enum(ROLES), { required_error: "Choose at least one role" }).min(1, "Choose at least one role"),
    remit: z.array(z.string().max(40)).max(500).default([]),
  })
  .refine((value) => !value.roles.includes("manager") || value.remit.length > 0, {
    path: ["remit"],
    message: "Choose the teams this manager may see",
  });

export const meta: MetaFunction = () => [{ title: "Users – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const [users, teams] = await Promise.all([listUsers(admin.organisationId), activeTeamOptions(admin.organisationId)]);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "user_list" });
  return {
    teams,
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      roles: u.roles.map((r) => r.role).filter(isRole).map((r) => ROLE_LABELS[r]),
      status: u.disabledAt ? "Disabled" : u.password ? "Active" : "Invited",
      mfa: Boolean(u.totpEnabledAt),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = await parseWithZod(await readForm(request), {
    schema: InviteSchema.superRefine(async (value, ctx) => {
      // Only this organisation's users are asked: an address known elsewhere is invited like any other.
      if (await emailInOrganisation(admin.organisationId, value.email)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: "A user of this organisation already has this email address" });
      }
    }),
    async: true,
  });
  if (submission.status !== "success") return data({ result: submission.reply(), invited: null }, { status: 400 });
  const { email, displayName, roles, remit } = submission.value;
  const saved = await attemptSave(() =>
    inviteUser({
      organisationId: admin.organisationId,
      invitedById: admin.id,
      email,
      displayName: displayName || email.split("@")[0]!,
      roles,
      remitTeamIds: roles.includes("manager") ? remit : [],
    }),
  );
  if (!saved.ok) return data({ result: submission.reply({ formErrors: [saved.message] }), invited: null }, NOT_SAVED_STATUS);
  const { userId, token } = saved.value;
  await recordAudit({
    action: "user.invite",
    organisationId: admin.organisationId,
    actorUserId: admin.id,
    entityType: "user",
    entityId: userId,
    detail: { roles },
    ipAddress: context.clientIp,
  });
  const link = new URL(invitationPath(token), request.url).toString();
  return data({ result: submission.reply({ resetForm: true }), invited: { email, link } });
}

export default function Users() {
  const { users, teams } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.result,
    constraint: getZodConstraint(InviteSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  const fieldErrors = fieldErrorsOf([fields.email, fields.displayName, fields.roles, fields.remit]);

  return (
    <>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Users</h1>
      {actionData?.invited ? (
        <SuccessBanner title="Invitation created">
          <p className="govuk-body">
            Send this one-time link to <span className="app-break-anywhere">{actionData.invited.email}</span>. It works once and expires in 72 hours. It is not
            shown again.
          </p>
          <p className="govuk-body">
            <code className="app-code" data-testid="invitation-link">
              {actionData.invited.link}
            </code>
          </p>
        </SuccessBanner>
      ) : null}
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">People with access</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Roles</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {users.map((user) => (
            <tr className="govuk-table__row" key={user.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/users/${user.id}`}>
                  {user.displayName}
                </Link>
                <br />
                <span className="govuk-body-s app-break-anywhere">{user.email}</span>
              </td>
              <td className="govuk-table__cell">{user.roles.join(", ")}</td>
              <td className="govuk-table__cell">
                {user.status}
                {user.mfa ? <span className="govuk-body-s"> · two-factor on</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="govuk-heading-m">Invite someone</h2>
      <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
      <Form method="post" {...getFormProps(form)} noValidate key={actionData?.invited?.link ?? "invite"}>
        <TextField
          field={fields.email}
          label="Email address"
          type="email"
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          field={fields.displayName}
          label="Name"
          autoComplete="off"
        />
        <AccessFields roles={fields.roles} remit={fields.remit} teams={teams} />
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Create invitation link
        </button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
