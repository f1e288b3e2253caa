// One check-in's questions: WHO-5 and the information question. Nothing about who answers is
// kept: no sign-in, no address, and the answer is dated only to its week.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChoiceField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, fieldErrorsOf } from "~/components/forms";
import { INFORMATION_QUESTION, INFORMATION_SCALE, WHO5_ITEMS, WHO5_SCALE, isOpen, normaliseCode, pulseAnswerSchema } from "~/domain/pulse";
import { hasAnswered, markAnswered } from "~/models/pulse-device.server";
import { pulseByCode, saveAnswer } from "~/models/pulse.server";
import { formatDate } from "~/utils/time";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Team check-in – Debrief" }];

async function requirePulse(code: string | undefined) {
  const pulse = await pulseByCode(normaliseCode(code ?? ""));
  if (!pulse) throw new Response("There is no check-in with that code. Check the link or code with whoever gave it to you.", { status: 404 });
  return pulse;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const pulse = await requirePulse(params.code);
  const state = (await hasAnswered(request, pulse.id)) ? "answered" : isOpen(pulse) ? "open" : "closed";
  return {
    state,
    justSaved: new URL(request.url).searchParams.has("saved"),
    team: pulse.team.name,
    organisation: pulse.organisation.name,
    closes: formatDate(pulse.closesAt, pulse.organisation.timeZone),
  } as const;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const pulse = await requirePulse(params.code);
  if (await hasAnswered(request, pulse.id)) return redirect(request.url);
  const submission = parseWithZod(await readForm(request), { schema: pulseAnswerSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() => saveAnswer(pulse.id, submission.value));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  if (!saved.value) {
    return data(submission.reply({ formErrors: ["This check-in closed before your answer arrived, so it was not saved."] }), { status: 409 });
  }
  const url = new URL(request.url);
  return redirect(`${url.pathname}?saved`, { headers: { "Set-Cookie": await markAnswered(request, pulse.id) } });
}

const WHO5_FIELDS = ["who5Item1", "who5Item2", "who5Item3", "who5Item4", "who5Item5"] as const;

export default function PulseQuestions() {
  const { state, justSaved, team, organisation, closes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "pulse",
    lastResult,
    constraint: getZodConstraint(pulseAnswerSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: pulseAnswerSchema }),
  });

  if (state !== "open") {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {state === "answered" && justSaved ? (
            <div className="govuk-panel govuk-panel--confirmation">
              <h1 className="govuk-panel__title">Thank you</h1>
              <div className="govuk-panel__body">Your answers are saved</div>
            </div>
          ) : (
            <h1 className="govuk-heading-l">{state === "answered" ? "You have already answered this check-in" : "This check-in has closed"}</h1>
          )}
          <p className="govuk-body">
            {state === "answered"
              ? `Each device answers a check-in once. The results for ${team} are shown to ${organisation} after the check-in closes, and only if enough people answered that no one can be picked out.`
              : "It no longer takes answers. Your organisation may open another one."}
          </p>
          <p className="govuk-body">
            If you would like to talk to someone, speak to your Mental Health First Aider or peer supporter. If you are in crisis, call 999, or Samaritans on
            116 123 at any time.
          </p>
        </div>
      </div>
    );
  }

  const who5 = WHO5_FIELDS.map((name) => fields[name]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrorsOf([...who5, fields.informationSharing])} formErrors={form.errors ?? []} />
        <span className="govuk-caption-l">{team}</span>
        <h1 className="govuk-heading-l">Team check-in</h1>
        <p className="govuk-body">
          Your answers are anonymous. Debrief does not ask who you are and does not keep your device&apos;s address or the time you answered, only the
          week. Results are shown to {organisation} only after the check-in closes on {closes}, and only if enough people answered that no one can be
          picked out. <Link className="govuk-link" to="/pulse">Enter a different code</Link>
        </p>
        <Form method="post" {...getFormProps(form)} noValidate>
          <h2 className="govuk-heading-m">Over the last two weeks</h2>
          <p className="govuk-body">For each statement, choose the answer closest to how you have been feeling over the last two weeks.</p>
          {who5.map((field, index) => (
            <ChoiceField key={field.name} field={field} legend={WHO5_ITEMS[index]!} options={WHO5_SCALE.map((o) => ({ ...o }))} />
          ))}
          <h2 className="govuk-heading-m">Information from partner agencies</h2>
          <ChoiceField
            field={fields.informationSharing}
            legend={INFORMATION_QUESTION}
            hint="For example, from the police, ambulance or mental-health services, social care or the council."
            options={INFORMATION_SCALE.map((o) => ({ ...o }))}
          />
          <button type="submit" className="govuk-button" data-prevent-double-click="true">
            Send my answers
          </button>
        </Form>
        <p className="govuk-body-s">WHO-5 Well-Being Index © World Health Organization, 1998.</p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
