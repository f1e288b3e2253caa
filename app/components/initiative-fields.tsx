import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { ChoiceField, DateTimeField } from "~/components/choices";
import { ErrorSummary, TextField, TextareaField, fieldErrorsOf, type FormField } from "~/components/forms";
import { DESCRIPTION_MAX, initiativeSchema } from "~/domain/initiative-form";
import { OUTCOME_MEASURES, PARTNER_AGENCIES, optionsOf } from "~/domain/vocabulary";

type DatePart = "day" | "month" | "year";
type DateFields = { getFieldset: () => Record<DatePart, FormField> };
type Fields = Record<"name" | "description" | "partnerAgencies" | "teams" | "outcomeMeasures", FormField> & { start: DateFields; end: DateFields };

/** The initiative's error messages in the order of the questions, for the error summary. */
function initiativeErrors(fields: Fields) {
  const [start, end] = [fields.start.getFieldset(), fields.end.getFieldset()];
  return fieldErrorsOf([
    fields.name,
    fields.description,
    fields.partnerAgencies,
    start.day,
    start.month,
    start.year,
    end.day,
    end.month,
    end.year,
    fields.teams,
    fields.outcomeMeasures,
  ]);
}

function InitiativeFields({ fields, teams, otherTeams = 0 }: { fields: Fields; teams: { value: string; label: string }[]; otherTeams?: number }) {
  return (
    <>
      <TextField field={fields.name} label="Name" hint="For example, Street triage with mental-health nurses" autoComplete="off" />
      <TextareaField
        field={fields.description}
        label="Description (optional)"
        hint={`What the initiative does and what information it shares. No names or details of people. Up to ${DESCRIPTION_MAX} characters.`}
      />
      <ChoiceField field={fields.partnerAgencies} legend="Which partner agencies take part?" hint="Select all that apply." options={optionsOf(PARTNER_AGENCIES)} multiple />
      <DateTimeField legend="When did it start (or when will it)?" hint="For example, 1 3 2026" parts={fields.start.getFieldset()} withTime={false} />
      <DateTimeField legend="When did it end? (optional)" hint="Leave empty if it is still running" parts={fields.end.getFieldset()} withTime={false} />
      <ChoiceField
        field={fields.teams}
        legend="Which teams does it cover?"
        hint={otherTeams > 0 ? `It also covers ${otherTeams} team${otherTeams === 1 ? "" : "s"} outside your remit, which stay covered.` : "Select all that apply."}
        options={teams}
        multiple
      />
      <ChoiceField field={fields.outcomeMeasures} legend="Which outcomes should the evaluation watch?" hint="The evaluation opens on the first of them in this list." options={optionsOf(OUTCOME_MEASURES)} multiple />
    </>
  );
}

type DateDefaults = { day?: string; month?: string; year?: string };
/** What an existing initiative fills in; a new one starts empty. */
export type InitiativeDefaults = {
  name: string;
  description: string;
  partnerAgencies: string[];
  teams: string[];
  outcomeMeasures: string[];
  start: DateDefaults;
  end: DateDefaults;
};

type InitiativeFormProps = {
  title: string;
  submitLabel: string;
  teams: { value: string; label: string }[];
  timeZone: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: InitiativeDefaults;
  /** covered teams the editor may not change */
  otherTeams?: number;
};

/** The whole add or change page body: error summary, heading and the form, checked as in the action. */
export function InitiativeForm({ title, submitLabel, teams, timeZone, lastResult, defaultValue, otherTeams }: InitiativeFormProps) {
  const schema = initiativeSchema({ timeZone, teamIds: teams.map((t) => t.value) });
  const [form, fields] = useForm<z.input<typeof schema>>({
    id: "initiative",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <>
      <ErrorSummary fieldErrors={initiativeErrors(fields)} formErrors={form.errors ?? []} />
      <h1 className="govuk-heading-l">{title}</h1>
      <Form method="post" {...getFormProps(form)} noValidate>
        <InitiativeFields fields={fields} teams={teams} otherTeams={otherTeams} />
        <button type="submit" className="govuk-button" data-prevent-double-click="true">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
