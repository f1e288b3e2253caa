import { useEffect, useRef, type ReactNode } from "react";

export type FieldError = { fieldId: string; message: string };

/** What a form field needs from Conform's field metadata (or anything shaped like it). */
export type FormField = {
  id: string;
  name: string;
  errorId: string;
  errors?: string[];
  /** the field's own errors and those of its items (a list's "roles[0]"), keyed by name */
  allErrors?: Record<string, string[]>;
  initialValue?: unknown;
};

/**
 * A field's messages, its own first. An unknown value in a list (a tampered checkbox) is reported
 * on the item ("roles[0]"), so it is shown on the list.
 */
function messagesOf(field: FormField) {
  return [...new Set([...(field.errors ?? []), ...Object.values(field.allErrors ?? {}).flat()])];
}

/** The first message of a field or of one of its items, shown beside it. */
export function firstError(field: FormField): string | undefined {
  return messagesOf(field)[0];
}

/** The messages of these fields, in order, for the error summary. */
export function fieldErrorsOf(fields: FormField[]): FieldError[] {
  return fields.flatMap((field) => messagesOf(field).map((message) => ({ fieldId: field.id, message })));
}

/** The value typed last time (Conform keeps it through a failed submission), for a text-like field. */
export function typedValue(field: FormField) {
  return typeof field.initialValue === "string" ? field.initialValue : undefined;
}

/** The values chosen last time, for checkboxes. */
export function chosenValues(field: FormField) {
  const value = field.initialValue;
  return Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
}

/**
 * GOV.UK error summary: every message links to its field, so keyboard and screen-reader
 * users can reach it. Form-level errors (not tied to a field) are listed without a link.
 */
export function ErrorSummary({
  fieldErrors,
  formErrors = [],
  title = "There is a problem",
  children,
}: {
  fieldErrors: FieldError[];
  formErrors?: string[];
  title?: string;
  /** said after the list, for example what the page shows instead */
  children?: ReactNode;
}) {
  const summary = useRef<HTMLDivElement>(null);
  const messages = [...formErrors, ...fieldErrors.map((e) => e.message)].join("\n");
  // Focused whenever its errors change, so a form sent from the foot of a long page does not seem
  // to do nothing: the view moves to the summary and a screen reader reads it.
  useEffect(() => {
    if (messages) summary.current?.focus();
  }, [messages]);
  if (!messages) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={summary} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {formErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
            {fieldErrors.map(({ fieldId, message }) => (
              <li key={`${fieldId}:${message}`}>
                <a href={`#${fieldId}`}>{message}</a>
              </li>
            ))}
          </ul>
          {children}
        </div>
      </div>
    </div>
  );
}

/** Label, hint and error message around one control; the control gets its aria attributes. */
function FormGroup({
  field,
  label,
  hint,
  children,
}: {
  field: FormField;
  label: ReactNode;
  hint?: ReactNode;
  children: (aria: { "aria-describedby"?: string; "aria-invalid"?: true }, error: string | undefined) => ReactNode;
}) {
  const error = firstError(field);
  const hintId = `${field.id}-hint`;
  const describedBy = [hint ? hintId : null, error ? field.errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={field.id}>
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={field.errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {children({ "aria-describedby": describedBy, "aria-invalid": error ? true : undefined }, error)}
    </div>
  );
}

type TextFieldProps = {
  field: FormField;
  label: ReactNode;
  hint?: ReactNode;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: "numeric" | "text" | "email";
  inputClassName?: string;
};

/** A labelled text input that shows what was typed last time (never for passwords: the server hides those). */
export function TextField({ field, label, hint, type = "text", autoComplete, spellCheck, inputMode, inputClassName = "" }: TextFieldProps) {
  return (
    <FormGroup field={field} label={label} hint={hint}>
      {(aria, error) => (
        <input
          id={field.id}
          name={field.name}
          type={type}
          className={`govuk-input${error ? " govuk-input--error" : ""} ${inputClassName}`.trim()}
          autoComplete={autoComplete}
          defaultValue={type === "password" ? undefined : typedValue(field)}
          spellCheck={spellCheck}
          inputMode={inputMode}
          {...aria}
        />
      )}
    </FormGroup>
  );
}

/** A labelled text box for a few sentences, keeping what was typed last time. */
export function TextareaField({ field, label, hint, rows = 4 }: { field: FormField; label: ReactNode; hint?: ReactNode; rows?: number }) {
  return (
    <FormGroup field={field} label={label} hint={hint}>
      {(aria, error) => (
        <textarea
          className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
          id={field.id}
          name={field.name}
          rows={rows}
          defaultValue={typedValue(field)}
          {...aria}
        />
      )}
    </FormGroup>
  );
}

type SelectFieldProps = {
  field: FormField;
  label: ReactNode;
  hint?: ReactNode;
  options: { value: string; label: string }[];
  placeholder?: string;
};

/** A labelled select that keeps the choice made last time. */
export function SelectField({ field, label, hint, options, placeholder }: SelectFieldProps) {
  return (
    <FormGroup field={field} label={label} hint={hint}>
      {(aria, error) => (
        <select
          id={field.id}
          name={field.name}
          className={`govuk-select${error ? " govuk-select--error" : ""}`}
          defaultValue={typedValue(field) ?? ""}
          {...aria}
        >
          {placeholder ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormGroup>
  );
}
