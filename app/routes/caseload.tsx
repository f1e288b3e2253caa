import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAudit } from "~/models/audit.server";
import { SummaryList } from "~/components/summary-list";
import { caseloadSummary } from "~/models/caseload.server";
import { formatDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "My caseload – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "supporter");
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "caseload" });
  const now = new Date();
  const summary = await caseloadSummary(user.id, user.organisationId, user.organisation.timeZone, now);
  return { summary, today: formatDate(now, user.organisation.timeZone) };
}

export default function Caseload() {
  const { summary, today } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{today}</span>
      <h1 className="govuk-heading-l">My caseload</h1>
      <SummaryList
        rows={[
          { key: "Staff members you support", value: summary.cases },
          {
            key: "Follow-ups overdue",
            value: summary.overdue > 0 ? <strong className="govuk-tag govuk-tag--red">{summary.overdue} overdue</strong> : "None",
          },
          { key: "Follow-ups due today", value: summary.dueToday },
          { key: "Follow-ups due in the next 7 days", value: summary.upcoming },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
