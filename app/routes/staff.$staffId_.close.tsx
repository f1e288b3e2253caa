import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireCaseAccess } from "~/auth/session.server";
import { ChoiceField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { prisma } from "~/db.server";
import { CASE_CLOSE_REASONS, type CaseCloseReason } from "~/domain/caseload";
import { closeCase, holdsCaseNow, reopenCase } from "~/models/cases.server";
import { readForm } from "~/utils/form-data.server";
import { countOf } from "~/utils/plural";

const CloseSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("close"),
    // Nothing is chosen for the supporter: the reason recorded is the one they pick.
    reason: z.enum(Object.keys(CASE_CLOSE_REASONS) as [CaseCloseReason], { errorMap: () => ({ message: "Choose why the case is closed" }) }),
  }),
  z.object({ intent: z.literal("reopen") }),
]);

export const meta: MetaFunction = () => [{ title: "Close a case – Debrief" }];

const stillOpen = (open: number) => `This case still has ${countOf(open, "open follow-up")}. Complete or close ${open === 1 ? "it" : "them"} on the case page before closing the case`;

/** The case, if this supporter holds it now (one who handed it over leaves closing to its holder). */
async function caseToClose(request: Request, staffId: string) {
  const user = await requireCaseAccess(request, staffId);
  if (!(await holdsCaseNow(user.id, user.organisationId, staffId))) throw redirect(`/staff/${staffId}`);
  const staff = await prisma.staffMember.findUniqueOrThrow({ where: { id: staffId }, select: { id: true, reference: true, caseClosedAt: true } });
  return { user, staff };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { staff } = await caseToClose(request, params.staffId ?? "");
  if (staff.caseClosedAt) throw redirect(`/staff/${staff.id}`);
  const open = await prisma.followUp.count({ where: { staffMemberId: staff.id, completedAt: null, cancelledAt: null } });
  return { staff: { id: staff.id, reference: staff.reference }, open };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staff } = await caseToClose(request, params.staffId ?? "");
  const actor = { supporterId: user.id, organisationId: user.organisationId, request };
  const form = Object.fromEntries(await readForm(request));
  const parsed = CloseSchema.safeParse(form);
  if (!parsed.success) return data({ problem: parsed.error.issues[0]?.message ?? "Choose why the case is closed", reason: null }, { status: 400 });
  if (parsed.data.intent === "reopen") {
    await reopenCase(staff.id, actor);
    return redirect(`/staff/${staff.id}?saved=case-reopened`);
  }
  const result = await closeCase(staff.id, parsed.data.reason, actor);
  if (!result.closed) {
    if (result.open === 0) return redirect(`/staff/${staff.id}`); // closed already, by another tab
    return data({ problem: stillOpen(result.open), reason: parsed.data.reason }, { status: 409 });
  }
  return redirect(`/staff/${staff.id}?saved=case-closed`);
}

export default function CloseCase() {
  const { staff, open } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/staff/${staff.id}`}>Back to {staff.reference}</Link>
        {failed ? <ErrorSummary fieldErrors={[{ fieldId: "reason", message: failed.problem }]} /> : null}
        <span className="govuk-caption-l">{staff.reference}</span>
        <h1 className="govuk-heading-l">Close this case</h1>
        {open > 0 && !failed ? (
          <div className="govuk-inset-text">
            {stillOpen(open)}. <Link className="govuk-link" to={`/staff/${staff.id}`}>Go to the case&rsquo;s follow-ups</Link>
          </div>
        ) : (
          <p className="govuk-body">A closed case stays in your list as closed. You can reopen it, and logging a new exposure reopens it.</p>
        )}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="close" />
          <ChoiceField
            field={{ id: "reason", name: "reason", errorId: "reason-error", errors: failed ? [failed.problem] : undefined, initialValue: failed?.reason ?? undefined }}
            legend="Why is the case closed?"
            options={Object.entries(CASE_CLOSE_REASONS).map(([value, text]) => ({ value, label: text }))}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">Close case</button>
            <Link className="govuk-link" to={`/staff/${staff.id}`}>Cancel</Link>
          </div>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
