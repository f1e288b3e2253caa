// The shared page where staff answer a team check-in, each with the single-use code on their own
// slip. No sign-in and no cookie: several people can answer one after another on a shared PC.
// The code travels in the form, never in the address, so it is not left in the browser's history.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { describeWait } from "~/auth/throttle";
import { ChoiceField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { CODE_EXAMPLE, CODE_LENGTH, INFORMATION_QUESTION, INFORMATION_SCALE, WHO5_ITEMS, WHO5_SCALE, codeSchema, codedAnswerSchema, isOpen } from "~/domain/pulse";
import { pulseOfCode, saveAnswer } from "~/models/pulse.server";
import { countWrongCode, wrongCodeWait } from "~/security/check-in-guesses.server";
import { formatDateTime } from "~/utils/time";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Team check-in – Debrief" }];

// Carries Retry-After from a refused attempt onto the page.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

const WRONG_CODE = "That code is wrong or has already been used. Check it against your slip: each code works once";
const CLOSED = "That check-in has closed, so it no longer takes answers";

export async function loader({ request }: LoaderFunctionArgs) {
  return { answered: new URL(request.url).searchParams.has("answered") };
}

type Questions = { step: "questions"; result: SubmissionResult<string[]> | null; code: string; team: string; organisation: string; closes: string };
type CodeStep = { step: "code"; result: SubmissionResult<string[]> };

const questionsFor = (code: string, pulse: NonNullable<Awaited<ReturnType<typeof pulseOfCode>>>, result: Questions["result"]): Questions => ({
  step: "questions",
  result,
  code,
  team: pulse.team.name,
  organisation: pulse.organisation.name,
  closes: formatDateTime(pulse.closesAt, pulse.organisation.timeZone),
});

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const answering = form.get("intent") === "answer";
  const codeEntry = parseWithZod(form, { schema: codeSchema });
  /** Back to the code, with this problem beside it (the answers are not kept: they cannot be saved with it). */
  const askForCode = (message: string, init: ResponseInit = { status: 400 }) =>
    data<CodeStep>({ step: "code", result: codeEntry.reply({ fieldErrors: { code: [message] } }) }, init);

  const wait = await wrongCodeWait(request);
  if (wait > 0) {
    return data<CodeStep>(
      { step: "code", result: codeEntry.reply({ formErrors: [`Too many wrong codes have been tried from this network. Wait ${describeWait(wait)}, then try again.`] }) },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  if (codeEntry.status !== "success") return data<CodeStep>({ step: "code", result: codeEntry.reply() }, { status: 400 });
  const { code } = codeEntry.value;
  /** The questions again, for this code's check-in; or back to the code when it cannot be used. */
  const questionsOrCode = async (result: Questions["result"], init: ResponseInit = {}) => {
    const pulse = await pulseOfCode(code);
    if (!pulse) {
      await countWrongCode(request);
      return askForCode(WRONG_CODE);
    }
    if (!isOpen(pulse)) return askForCode(CLOSED);
    return data<Questions>(questionsFor(code, pulse, result), init);
  };
  if (!answering) return questionsOrCode(null);

  const submission = parseWithZod(form, { schema: codedAnswerSchema });
  if (submission.status !== "success") return questionsOrCode(submission.reply(), { status: 400 });
  // Whether the code can be used is settled inside the save, not before it: of two answers sent
  // with one code at the same moment, exactly one is saved.
  const { code: _used, ...answer } = submission.value;
  const saved = await attemptSave(() => saveAnswer(code, answer));
  if (!saved.ok) return questionsOrCode(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  if (saved.value === "unknown-code") {
    await countWrongCode(request);
    return askForCode(`${WRONG_CODE}. If you sent your answers with it a moment ago, they were saved then`);
  }
  if (saved.value === "not-open") return askForCode("That check-in has closed, so your answers were not saved", { status: 409 });
  return redirect("/pulse?answered");
}

export default function PulsePage() {
  const { answered } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (reply?.step === "questions") return <QuestionsStep {...reply} />;
  return <CodeEntry result={reply?.result} answered={answered && !reply} />;
}

function CodeEntry({ result, answered }: { result: SubmissionResult<string[]> | undefined; answered: boolean }) {
  const [form, fields] = useForm({
    id: "pulse-code",
    lastResult: result,
    constraint: getZodConstraint(codeSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeSchema }),
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrorsOf([fields.code])} formErrors={form.errors ?? []} />
        {answered ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Thank you</h1>
            <div className="govuk-panel__body">Your answers are saved</div>
          </div>
        ) : (
          <h1 className="govuk-heading-l">Team check-in</h1>
        )}
        {answered ? (
          <>
            <p className="govuk-body">
              Your code is now used up. Results are shown to your organisation only after the check-in closes, and only if enough people answered that no
              one can be picked out.
            </p>
            <p className="govuk-body">
              If you would like to talk to someone, speak to your Mental Health First Aider or peer supporter. If you are in crisis, call 999, or Samaritans
              on 116 123 at any time.
            </p>
            <h2 className="govuk-heading-m">Someone else answering on this computer?</h2>
            <p className="govuk-body">Nothing about your answers stays on this page. The next person types the code from their own slip.</p>
          </>
        ) : (
          <p className="govuk-body">
            Six short questions about how you have been and whether information from partner agencies helped you. It takes about a minute. You do not need
            to sign in, and your answers are anonymous: nothing records which slip you had.
          </p>
        )}
        <Form method="post" {...getFormProps(form)} noValidate autoComplete="off">
          <input type="hidden" name="intent" value="code" />
          <TextField
            field={fields.code}
            label="Code from your slip"
            hint={`${CODE_LENGTH} letters and numbers, for example ${CODE_EXAMPLE}. Capitals and the dash do not matter.`}
            autoComplete="off"
            spellCheck={false}
            inputClassName="govuk-input--width-10 app-code"
          />
          <button type="submit" className="govuk-button">
            Continue
          </button>
        </Form>
      </div>
    </div>
  );
}

const WHO5_FIELDS = ["who5Item1", "who5Item2", "who5Item3", "who5Item4", "who5Item5"] as const;

function QuestionsStep({ result, code, team, organisation, closes }: Questions) {
  const [form, fields] = useForm({
    id: "pulse",
    lastResult: result,
    constraint: getZodConstraint(codedAnswerSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codedAnswerSchema }),
  });
  const who5 = WHO5_FIELDS.map((name) => fields[name]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary fieldErrors={fieldErrorsOf([...who5, fields.informationSharing])} formErrors={form.errors ?? []} />
        <span className="govuk-caption-l">{team}</span>
        <h1 className="govuk-heading-l">Team check-in</h1>
        <p className="govuk-body">
          Your answers are anonymous. Debrief does not ask who you are, does not record which code was yours, and keeps neither your computer&apos;s address
          nor the time you answered, only the week. Results are shown to {organisation} only after the check-in closes on {closes}, and only if enough
          people answered that no one can be picked out. Your code is used when you send your answers.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/pulse">
            Not your check-in? Enter a different code
          </Link>
        </p>
        <Form method="post" {...getFormProps(form)} noValidate autoComplete="off">
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="code" value={code} />
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
