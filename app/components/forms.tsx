import type { ReactNode } from "react";

export type FieldError = { fieldId: string; message: string };

/**
 * GOV.UK error summary: every message links to its field, so keyboard and screen-reader
 * users can reach it. Form-level errors (not tied to a field) are listed without a link.
 */
export function ErrorSummary({ fieldErrors, formErrors = [] }: { fieldErrors: FieldError[]; formErrors?: string[] }) {
  if (fieldErrors.length === 0 && formErrors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
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
        </div>
      </div>
    </div>
  );
}

type TextFieldProps = {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  errorId: string;
  hintId?: string;
  type?: "text" | "email" | "password" | "number";
  autoComplete?: string;
  defaultValue?: string;
  spellCheck?: boolean;
  inputMode?: "numeric" | "text" | "email";
  inputClassName?: string;
};

/** A labelled text input with its hint and error message, in GOV.UK markup. */
export function TextField({
  id,
  name,
  label,
  hint,
  errors,
  errorId,
  hintId = `${id}-hint`,
  type = "text",
  autoComplete,
  defaultValue,
  spellCheck,
  inputMode,
  inputClassName = "",
}: TextFieldProps) {
  const error = errors?.[0];
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        className={`govuk-input${error ? " govuk-input--error" : ""} ${inputClassName}`.trim()}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        spellCheck={spellCheck}
        inputMode={inputMode}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

type SelectFieldProps = {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  errorId: string;
  options: { value: string; label: string }[];
  placeholder?: string;
  defaultValue?: string;
};

/** A labelled select with its hint and error message, in GOV.UK markup. */
export function SelectField({ id, name, label, hint, errors, errorId, options, placeholder, defaultValue }: SelectFieldProps) {
  const error = errors?.[0];
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        className={`govuk-select${error ? " govuk-select--error" : ""}`}
        defaultValue={defaultValue ?? ""}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      >
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
