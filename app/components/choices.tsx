import { useEffect, useState, type ReactNode } from "react";
import { TextareaField, chosenValues, firstError, typedValue, type FormField } from "~/components/forms";

/** An answer; `conditional` is shown under it while it is chosen (GOV.UK conditional reveal). */
type Option = { value: string; label: string; hint?: string; conditional?: ReactNode };

/** False in the server's HTML and until React has taken over the page, so markup for no JavaScript comes first. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function ErrorMessage({ field }: { field: FormField }) {
  const error = firstError(field);
  return error ? (
    <p id={field.errorId} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

/**
 * A question answered by one (radios) or several (checkboxes) options, in a fieldset whose legend
 * is the question. The first input carries the field's id, so the error summary can link to it.
 */
export function ChoiceField({
  field,
  legend,
  hint,
  options,
  multiple = false,
  inline = false,
}: {
  field: FormField;
  legend: string;
  hint?: string;
  options: Option[];
  multiple?: boolean;
  inline?: boolean;
}) {
  const error = firstError(field);
  const hintId = `${field.id}-hint`;
  const describedBy = [hint ? hintId : null, error ? field.errorId : null].filter(Boolean).join(" ") || undefined;
  const selected = multiple ? chosenValues(field) : [typedValue(field) ?? ""];
  const kind = multiple ? "checkboxes" : "radios";
  // Conditional answers' content: all of it is shown without JavaScript (as GOV.UK Frontend does),
  // and once the page runs scripts only the chosen answer's.
  const hydrated = useHydrated();
  const [chosen, setChosen] = useState(selected[0] ?? "");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={hintId} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        <ErrorMessage field={field} />
        <div className={`govuk-${kind} govuk-${kind}--small${inline ? ` govuk-${kind}--inline` : ""}`} data-module={`govuk-${kind}`}>
          {options.map((option, index) => {
            const id = index === 0 ? field.id : `${field.id}-${option.value}`;
            return [
              <div className={`govuk-${kind}__item`} key={option.value}>
                <input
                  className={`govuk-${kind}__input`}
                  id={id}
                  name={field.name}
                  type={multiple ? "checkbox" : "radio"}
                  value={option.value}
                  defaultChecked={selected.includes(option.value)}
                  aria-describedby={option.hint ? `${id}-hint` : undefined}
                  aria-controls={option.conditional && hydrated ? `${id}-conditional` : undefined}
                  onChange={multiple ? undefined : (event) => setChosen(event.currentTarget.value)}
                />
                <label className={`govuk-label govuk-${kind}__label`} htmlFor={id}>
                  {option.label}
                </label>
                {option.hint ? (
                  <div id={`${id}-hint`} className={`govuk-hint govuk-${kind}__hint`}>
                    {option.hint}
                  </div>
                ) : null}
              </div>,
              option.conditional ? (
                <div
                  key={`${option.value}-conditional`}
                  id={`${id}-conditional`}
                  className={`govuk-${kind}__conditional${hydrated && chosen !== option.value ? ` govuk-${kind}__conditional--hidden` : ""}`}
                >
                  {option.conditional}
                </div>
              ) : null,
            ];
          })}
        </div>
      </fieldset>
    </div>
  );
}

type DateParts = { day: FormField; month: FormField; year: FormField; hour?: FormField; minute?: FormField };

/** GOV.UK date input (day, month, year) with an optional time (24-hour clock). */
export function DateTimeField({ legend, hint, parts, withTime = true }: { legend: string; hint?: string; parts: DateParts; withTime?: boolean }) {
  const time = withTime && parts.hour && parts.minute ? { hour: parts.hour, minute: parts.minute } : null;
  const all = time ? [parts.day, parts.month, parts.year, time.hour, time.minute] : [parts.day, parts.month, parts.year];
  const withError = all.find((part) => part.errors?.length);
  const groupId = `${parts.day.id}-group`;
  const input = (part: FormField, label: string, width: number) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={part.id}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${withError ? " govuk-input--error" : ""}`}
          id={part.id}
          name={part.name}
          type="text"
          inputMode="numeric"
          defaultValue={typedValue(part)}
          aria-invalid={withError === part ? true : undefined}
        />
      </div>
    </div>
  );
  return (
    <div className={`govuk-form-group${withError ? " govuk-form-group--error" : ""}`} id={groupId}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={[hint ? `${groupId}-hint` : null, withError ? withError.errorId : null].filter(Boolean).join(" ") || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${groupId}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {withError ? <ErrorMessage field={withError} /> : null}
        <div className="govuk-date-input">
          {input(parts.day, "Day", 2)}
          {input(parts.month, "Month", 2)}
          {input(parts.year, "Year", 4)}
          {time ? (
            <>
              {input(time.hour, "Hour", 2)}
              {input(time.minute, "Minutes", 2)}
            </>
          ) : null}
        </div>
      </fieldset>
    </div>
  );
}

/** An optional notes box, with its limit and why identifying details are refused. */
export function NotesField({ field, label = "Notes (optional)" }: { field: FormField; label?: string }) {
  return (
    <TextareaField
      field={field}
      label={label}
      hint="At most 500 characters, about how your colleague is doing. Never write names, addresses, phone numbers, NHS numbers or dates of birth of members of the public or service users."
    />
  );
}
