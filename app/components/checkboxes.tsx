/** GOV.UK checkboxes in a fieldset, with an error message linked by id. */
export function Checkboxes({
  id,
  name,
  legend,
  hint,
  options,
  selected,
  errors,
}: {
  id: string;
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string; hint?: string }[];
  selected: string[];
  errors?: string[];
}) {
  const error = errors?.[0];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {options.map((option, index) => {
            const inputId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={option.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={inputId}
                  name={name}
                  type="checkbox"
                  value={option.value}
                  defaultChecked={selected.includes(option.value)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={inputId}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
