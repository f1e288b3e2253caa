import { Link, useLocation } from "@remix-run/react";
import { withParams, type Page } from "~/domain/caseload";

/**
 * GOV.UK pagination: plain links (GET), so it works by keyboard and without JavaScript, and each
 * link keeps the list's filter and order. `param` names this list's page in the address.
 */
export function Pagination({ page, param, label }: { page: Page; param: string; label: string }) {
  const { search, hash } = useLocation();
  if (page.pages <= 1) return null;
  const params = new URLSearchParams(search);
  const to = (n: number) => `${withParams(params, { [param]: n === 1 ? null : n }) || "?"}${hash}`;
  // The first, the last and those next to this page; gaps are shown as an ellipsis.
  const shown = [...new Set([1, page.page - 1, page.page, page.page + 1, page.pages])].filter((n) => n >= 1 && n <= page.pages).sort((a, b) => a - b);
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page.page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={to(page.page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page of {label.toLowerCase()}</span>
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {shown.map((n, index) => (
          <PageItem key={n} n={n} gap={index > 0 && n - shown[index - 1]! > 1} current={n === page.page} to={to(n)} />
        ))}
      </ul>
      {page.page < page.pages ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={to(page.page + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page of {label.toLowerCase()}</span>
            </span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

function PageItem({ n, gap, current, to }: { n: number; gap: boolean; current: boolean; to: string }) {
  return (
    <>
      {gap ? <li className="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li> : null}
      <li className={`govuk-pagination__item${current ? " govuk-pagination__item--current" : ""}`}>
        <Link className="govuk-link govuk-pagination__link" to={to} aria-label={`Page ${n}`} aria-current={current ? "page" : undefined}>
          {n}
        </Link>
      </li>
    </>
  );
}
