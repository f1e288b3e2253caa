/** The organisation's crisis routes, as a GOV.UK warning: with an urgent referral, before and after saving it. */
export function CrisisRoutes({ text }: { text: string }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {text}
      </strong>
    </div>
  );
}
