import { useId, type ReactNode } from "react";

/**
 * GOV.UK success banner: what the last action did. `children` are the banner's content (usually a
 * `govuk-notification-banner__heading` paragraph); `title`, if given, heads it and names it for screen readers.
 */
export function SuccessBanner({ title, role = "alert", children }: { title?: string; role?: "alert" | "status"; children: ReactNode }) {
  const titleId = useId();
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role={role} aria-labelledby={title ? titleId : undefined}>
      {title ? (
        <div className="govuk-notification-banner__header">
          <h2 className="govuk-notification-banner__title" id={titleId}>
            {title}
          </h2>
        </div>
      ) : null}
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}
