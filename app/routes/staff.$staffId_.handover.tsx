import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { requireCaseAccess } from "~/auth/session.server";
import { ChoiceField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { prisma } from "~/db.server";
import { handOverCase, handoverTargets, holdsCaseNow } from "~/models/cases.server";
import { readForm } from "~/utils/form-data.server";

const HandoverSchema = z.object({
  toUserId: z.string({ required_error: "Choose who will hold the case" }).trim().min(1, "Choose who will hold the case").max(40),
  /** "yes" once the supporter has seen whom the case goes to and confirmed it */
  confirmed: z.literal("yes").optional(),
});

export const meta: MetaFunction = () => [{ title: "Hand over a case – Debrief" }];

/** The case, if this supporter holds it now; one who handed it over already cannot hand it on. */
async function caseToHandOver(request: Request, staffId: string) {
  const user = await requireCaseAccess(request, staffId);
  if (!(await holdsCaseNow(user.id, user.organisationId, staffId))) throw redirect(`/staff/${staffId}`);
  const staff = await prisma.staffMember.findUniqueOrThrow({ where: { id: staffId }, select: { id: true, reference: true } });
  return { user, staff };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, staff } = await caseToHandOver(request, params.staffId ?? "");
  const targets = await handoverTargets(user.organisationId, user.id);
  return { staff, targets: targets.map((t) => ({ id: t.id, name: t.displayName, email: t.email })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staff } = await caseToHandOver(request, params.staffId ?? "");
  const parsed = HandoverSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ problem: parsed.error.issues[0]?.message ?? "Choose who will hold the case" }, { status: 400 });
  const targets = await handoverTargets(user.organisationId, user.id);
  const target = targets.find((t) => t.id === parsed.data.toUserId);
  if (!target) return data({ problem: "Choose a supporter from the list" }, { status: 400 });
  // First whom it goes to, to confirm; only the confirmed form hands it over.
  if (parsed.data.confirmed !== "yes") return { confirm: { id: target.id, name: target.displayName, email: target.email } };
  const result = await handOverCase(staff.id, target.id, { supporterId: user.id, organisationId: user.organisationId, request });
  if (!result.handedOver) return data({ problem: "Choose a supporter from the list" }, { status: 400 });
  return redirect(`/staff/${staff.id}?saved=handed-over`);
}

export default function HandOver() {
  const { staff, targets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result && "problem" in result ? result.problem : null;
  const confirm = result && "confirm" in result ? result.confirm : null;
  const question = useRef<HTMLHeadingElement>(null);
  // The question takes focus, so a screen reader reads what is about to happen.
  useEffect(() => {
    if (confirm) question.current?.focus();
  }, [confirm]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/staff/${staff.id}`}>Back to {staff.reference}</Link>
        {problem ? <ErrorSummary fieldErrors={[{ fieldId: "toUserId", message: problem }]} /> : null}
        {confirm ? (
          <>
            <h1 className="govuk-heading-l" ref={question} tabIndex={-1}>
              Hand {staff.reference} over to {confirm.name}?
            </h1>
            <p className="govuk-body">
              {confirm.name} ({confirm.email}) will hold the case and its open follow-ups from now, and will see them in their caseload. You will still see the case in
              your list as handed over, but its follow-ups leave your caseload.
            </p>
            <Form method="post">
              <input type="hidden" name="toUserId" value={confirm.id} />
              <div className="govuk-button-group">
                <button type="submit" name="confirmed" value="yes" className="govuk-button">
                  Yes, hand it over
                </button>
                <Link className="govuk-link" to={`/staff/${staff.id}/handover`}>
                  No, choose someone else
                </Link>
              </div>
            </Form>
          </>
        ) : (
          <>
            <span className="govuk-caption-l">{staff.reference}</span>
            <h1 className="govuk-heading-l">Hand over this case</h1>
            {targets.length === 0 ? (
              <p className="govuk-body">There is no other supporter in your organisation to hand this case to. An administrator can add one.</p>
            ) : (
              <Form method="post" noValidate>
                <ChoiceField
                  field={{ id: "toUserId", name: "toUserId", errorId: "toUserId-error", errors: problem ? [problem] : undefined }}
                  legend="Who will hold the case?"
                  hint="Supporters of your organisation. You will be asked to confirm."
                  options={targets.map((t) => ({ value: t.id, label: t.name, hint: t.email }))}
                />
                <button type="submit" className="govuk-button">Continue</button>
              </Form>
            )}
          </>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
