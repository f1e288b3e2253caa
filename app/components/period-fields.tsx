import type { FilterErrors } from "~/domain/dashboard-filters";

/** First and last month of a GET filter, with the message beside each field. */
export function PeriodFields({ errors, typed, chosen }: { errors: FilterErrors; typed: Record<string, string>; chosen: { from: string; to: string } }) {
  return (
    <>
      {(["from", "to"] as const).map((field) => (
        <div className={`govuk-form-group${errors[field] ? " govuk-form-group--error" : ""}`} key={field}>
          <label className="govuk-label" htmlFor={field}>
            {field === "from" ? "First month" : "Last month"}
          </label>
          <div className="govuk-hint" id={`${field}-hint`}>
            Year and month, for example 2026-01
          </div>
          {errors[field] ? (
            <p className="govuk-error-message" id={`${field}-error`}>
              <span className="govuk-visually-hidden">Error:</span> {errors[field]}
            </p>
          ) : null}
          <input
            className={`govuk-input govuk-input--width-10${errors[field] ? " govuk-input--error" : ""}`}
            id={field}
            name={field}
            type="month"
            defaultValue={errors[field] ? typed[field] : chosen[field]}
            aria-describedby={`${field}-hint${errors[field] ? ` ${field}-error` : ""}`}
          />
        </div>
      ))}
    </>
  );
}
