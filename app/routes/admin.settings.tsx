import { getFormProps, useForm } from "@conform-to/react";
import { MAX_PUBLICATION_DELAY_DAYS } from "~/domain/publication";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextField, TextareaField, fieldErrorsOf } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { MAX_SUBJECT_ACCESS_DAYS, SUBJECT_ACCESS_READINGS } from "~/domain/subject-access";
import { CONTACT_TYPE_KEYS, CONTACT_TYPES } from "~/domain/vocabulary";
import { recordAudit } from "~/models/audit.server";
import { readSettings, saveSettings } from "~/models/settings.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

const MAX_STEPS = 5;

const StepSchema = z.object({
  label: z.string().trim().max(80, "Step name must be 80 characters or fewer").optional(),
  offsetHours: z.string().trim().optional(),
  contactType: z.string().optional(),
});

const SettingsSchema = z.object({
  anonymityThreshold: z.coerce
    .number({ required_error: "Enter the anonymity threshold", invalid_type_error: "The anonymity threshold must be a whole number from 3 to 10" })
    .int("The anonymity threshold must be a whole number from 3 to 10")
    .min(3, "The anonymity threshold must be at least 3")
    .max(10, "The anonymity threshold must be 10 or less"),
  mfaRequired: z.enum(["yes", "no"], { required_error: "Choose whether two-factor authentication is required" }),
  retentionMonths: z.coerce
    .number({ required_error: "Enter the retention period", invalid_type_error: "The retention period must be a whole number of months" })
    .int("The retention period must be a whole number of months")
    .min(12, "The retention period must be at least 12 months")
    .max(240, "The retention period must be 240 months (20 years) or less"),
  publicationDelayDays: z
    .string({ required_error: "Enter the days before a month's figures are published" })
    .trim()
    .min(1, "Enter the days before a month's figures are published")
    .regex(/^\d+$/, "The days before figures are published must be a whole number")
    .transform(Number)
    .pipe(z.number().max(MAX_PUBLICATION_DELAY_DAYS, `The days before figures are published must be ${MAX_PUBLICATION_DELAY_DAYS} or fewer`)),
  subjectAccessDays: z
    .string({ required_error: "Enter the days a subject access copy can be read" })
    .trim()
    .min(1, "Enter the days a subject access copy can be read")
    .regex(/^\d+$/, "The days a subject access copy can be read must be a whole number")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, "A subject access copy must be readable for at least 1 day")
        .max(MAX_SUBJECT_ACCESS_DAYS, `The days a subject access copy can be read must be ${MAX_SUBJECT_ACCESS_DAYS} or fewer`),
    ),
  crisisRoutesText: z
    .string({ required_error: "Enter the crisis routes shown after an urgent referral" })
    .trim()
    .min(20, "Give supporters enough to act on: at least 20 characters")
    .max(1000, "The crisis routes must be 1,000 characters or fewer"),
  steps: z
    .array(StepSchema)
    .max(MAX_STEPS)
    .default([])
    .superRefine((steps, ctx) => {
      steps.forEach((step, index) => {
        const blank = !step.label && !step.offsetHours && !step.contactType;
        if (blank) return;
        if (!step.label) ctx.addIssue({ code: "custom", path: [index, "label"], message: `Enter a name for step ${index + 1}` });
        const hours = Number(step.offsetHours);
        if (!step.offsetHours || !Number.isInteger(hours) || hours < 1 || hours > 24 * 365) {
          ctx.addIssue({ code: "custom", path: [index, "offsetHours"], message: `Enter the hours after the exposure for step ${index + 1}, a whole number from 1 to 8760` });
        }
        if (!CONTACT_TYPE_KEYS.includes(step.contactType as never)) {
          ctx.addIssue({ code: "custom", path: [index, "contactType"], message: `Choose the kind of contact for step ${index + 1}` });
        }
      });
      if (steps.every((s) => !s.label && !s.offsetHours && !s.contactType)) {
        ctx.addIssue({ code: "custom", path: [0, "label"], message: "The protocol needs at least one follow-up step" });
      }
    }),
});

export const meta: MetaFunction = () => [{ title: "Organisation settings – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const settings = await readSettings(admin.organisationId);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "settings" });
  return settings;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: SettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const steps = value.steps
    .filter((s) => s.label && s.offsetHours && s.contactType)
    .map((s) => ({ label: s.label!, offsetHours: Number(s.offsetHours), contactType: s.contactType as (typeof CONTACT_TYPE_KEYS)[number] }))
    .sort((a, b) => a.offsetHours - b.offsetHours);
  const saved = await attemptSave(() =>
    saveSettings(admin.organisationId, {
      anonymityThreshold: value.anonymityThreshold,
      mfaRequired: value.mfaRequired === "yes",
      retentionMonths: value.retentionMonths,
      publicationDelayDays: value.publicationDelayDays,
      subjectAccessDays: value.subjectAccessDays,
      crisisRoutesText: value.crisisRoutesText,
      steps,
    }),
  );
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  await recordAudit({
    action: "settings.update",
    organisationId: admin.organisationId,
    actorUserId: admin.id,
    entityType: "settings",
    detail: { anonymityThreshold: value.anonymityThreshold, mfaRequired: value.mfaRequired, retentionMonths: value.retentionMonths, publicationDelayDays: value.publicationDelayDays, subjectAccessDays: value.subjectAccessDays, steps: steps.length },
    ipAddress: context.clientIp,
  });
  return redirect("/admin/settings?saved=1");
}

export default function Settings() {
  const settings = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const blankRows = Array.from({ length: MAX_STEPS - settings.followUpSteps.length }, () => ({ label: "", offsetHours: "", contactType: "" }));
  const [form, fields] = useForm({
    id: "settings",
    lastResult,
    constraint: getZodConstraint(SettingsSchema),
    defaultValue: {
      anonymityThreshold: String(settings.anonymityThreshold),
      mfaRequired: settings.mfaRequired ? "yes" : "no",
      retentionMonths: String(settings.retentionMonths),
      publicationDelayDays: String(settings.publicationDelayDays),
      subjectAccessDays: String(settings.subjectAccessDays),
      crisisRoutesText: settings.crisisRoutesText,
      steps: [
        ...settings.followUpSteps.map((s) => ({ label: s.label, offsetHours: String(s.offsetHours), contactType: s.contactType })),
        ...blankRows,
      ],
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
  });
  const steps = fields.steps.getFieldList();
  const stepFields = steps.map((step) => step.getFieldset());
  const allFields = [
    fields.anonymityThreshold,
    fields.mfaRequired,
    fields.retentionMonths,
    fields.publicationDelayDays,
    fields.subjectAccessDays,
    fields.crisisRoutesText,
    ...stepFields.flatMap((s) => [s.label, s.offsetHours, s.contactType]),
  ];
  const fieldErrors = fieldErrorsOf(allFields);
  const mfaError = fields.mfaRequired.errors?.[0];

  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/admin">Organisation</Link>
      </p>
      {searchParams.get("saved") && !lastResult ? (
        <SuccessBanner title="Saved">
          <p className="govuk-notification-banner__heading">The organisation settings were saved.</p>
        </SuccessBanner>
      ) : null}
      <ErrorSummary fieldErrors={fieldErrors} formErrors={form.errors ?? []} />
      <h1 className="govuk-heading-l">Organisation settings</h1>
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField
          field={fields.anonymityThreshold}
          label="Anonymity threshold"
          hint="Figures drawn from fewer staff members than this are hidden from managers, exports and research. From 3 to 10; 5 is recommended."
          inputMode="numeric"
          inputClassName="govuk-input--width-3"
        />
        <div className={`govuk-form-group${mfaError ? " govuk-form-group--error" : ""}`}>
          <fieldset className="govuk-fieldset" aria-describedby={mfaError ? fields.mfaRequired.errorId : undefined}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Require two-factor authentication for everyone?</legend>
            {mfaError ? (
              <p id={fields.mfaRequired.errorId} className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {mfaError}
              </p>
            ) : null}
            <div className="govuk-radios govuk-radios--inline govuk-radios--small" data-module="govuk-radios">
              {[
                ["yes", "Yes (recommended)"],
                ["no", "No"],
              ].map(([value, label], index) => (
                <div className="govuk-radios__item" key={value}>
                  <input
                    className="govuk-radios__input"
                    id={index === 0 ? fields.mfaRequired.id : `${fields.mfaRequired.id}-${value}`}
                    name={fields.mfaRequired.name}
                    type="radio"
                    value={value}
                    defaultChecked={fields.mfaRequired.initialValue === value}
                  />
                  <label className="govuk-label govuk-radios__label" htmlFor={index === 0 ? fields.mfaRequired.id : `${fields.mfaRequired.id}-${value}`}>
                    {label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <TextField
          field={fields.retentionMonths}
          label="Retention period in months"
          hint="Records older than this lose their notes, and staff with no newer record are anonymised; the figures stay the same. 72 months (6 years) is usual for occupational health records."
          inputMode="numeric"
          inputClassName="govuk-input--width-4"
        />
        <TextField
          field={fields.publicationDelayDays}
          label="Days after a month ends before its figures are published"
          hint="Managers and researchers see a month’s figures once it has ended and these days have passed, so late records are in; published figures are not changed afterwards. With 7 (usual), November’s figures are published on 8 December, within the hour after midnight in the organisation’s time zone. At most 28."
          inputMode="numeric"
          inputClassName="govuk-input--width-2"
        />
        <TextField
          field={fields.subjectAccessDays}
          label="Days a subject access copy can be read"
          hint={`The copy is taken when a supporter confirms the request; after these days, or ${SUBJECT_ACCESS_READINGS} readings, it is deleted. 7 is usual; at most ${MAX_SUBJECT_ACCESS_DAYS}.`}
          inputMode="numeric"
          inputClassName="govuk-input--width-2"
        />
        <TextareaField
          field={fields.crisisRoutesText}
          label="Crisis routes shown after an urgent referral"
          hint="Local numbers and services a supporter can turn to at once."
        />
        <h2 className="govuk-heading-m">Follow-up protocol</h2>
        <p className="govuk-body">
          Follow-ups created after each exposure. Leave a row empty to leave it out. Follow-ups already scheduled keep
          their dates.
        </p>
        {stepFields.map((step, index) => (
          <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={steps[index]!.key}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Step {index + 1}</legend>
            <TextField
              field={step.label}
              label="Name"
              autoComplete="off"
            />
            <TextField
              field={step.offsetHours}
              label="Hours after the exposure"
              hint="72 hours is 3 days; 672 hours is 28 days"
              inputMode="numeric"
              inputClassName="govuk-input--width-5"
            />
            <SelectField
              field={step.contactType}
              label="Kind of contact"
              options={CONTACT_TYPE_KEYS.map((key) => ({ value: key, label: CONTACT_TYPES[key] }))}
              placeholder="Choose"
            />
          </fieldset>
        ))}
        <button type="submit" className="govuk-button">Save settings</button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
