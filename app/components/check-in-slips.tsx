import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";

export type SlipSheet = {
  /** the check-in's own page, to go back to once the slips are printed */
  backTo: string;
  team: string;
  /** where staff answer, in full, e.g. https://debrief.example.org/pulse */
  address: string;
  closes: string;
  codes: string[];
  /** the same codes as CSV (code, address, open until), for a mail merge */
  csv: string;
  /** whether an earlier sheet was cancelled by this one */
  replacesEarlier: boolean;
};

/** A print button for when JavaScript runs; without it the page says how to print. */
function PrintButton() {
  const [canPrint, setCanPrint] = useState(false);
  useEffect(() => setCanPrint(typeof window.print === "function"), []);
  if (!canPrint) return null;
  return (
    <button type="button" className="govuk-button" onClick={() => window.print()}>
      Print the slips
    </button>
  );
}

/**
 * The printable sheet of a check-in's codes, one cut-out slip each. Shown once, straight after the
 * codes were made: Debrief keeps only their hashes. In print only the slips appear.
 */
export function CheckInSlips({ backTo, team, address, closes, codes, csv, replacesEarlier }: SlipSheet) {
  return (
    <>
      <div className="app-no-print">
        <Link className="govuk-back-link" to={backTo}>
          Back to the check-in
        </Link>
        <span className="govuk-caption-l">Team check-in</span>
        <h1 className="govuk-heading-l">Slips for {team}</h1>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            These {codes.length} codes are shown only now, on this page. Debrief keeps only a scrambled form of each and cannot show them again. Print
            the slips before you leave this page.
          </strong>
        </div>
        {replacesEarlier ? (
          <div className="govuk-inset-text">The unused slips of the earlier sheet no longer work. Codes already used stay counted.</div>
        ) : null}
        <PrintButton />
        <p className="govuk-body">To print, use your browser&apos;s Print command (Ctrl and P, or ⌘ and P on a Mac). Only the slips are printed.</p>
        <h2 className="govuk-heading-m">Handing out the slips</h2>
        <ol className="govuk-list govuk-list--number">
          <li>Cut along the dashed lines and fold each slip so that its code cannot be seen.</li>
          <li>Let each person in the team take one slip at random, for example from a box, so that nobody knows whose code was whose.</li>
          <li>
            Keep no spare slips: destroy any left over once everyone has had one. Whoever holds unused slips can answer more than once and could
            work out others&apos; answers.
          </li>
        </ol>
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Send the codes by e-mail instead (a list for a mail merge)</span>
          </summary>
          <div className="govuk-details__text">
            <p className="govuk-body">
              Whoever runs a mail merge learns whose code is whose. They still cannot see anyone&apos;s answers, but they could answer in the place of
              someone who has not. Paper slips handed out at random are safer.
            </p>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="slip-codes">
                The codes, one a line
              </label>
              <textarea className="govuk-textarea app-code" id="slip-codes" rows={8} readOnly value={codes.join("\n")} />
            </div>
            <p className="govuk-body">
              <a className="govuk-link" href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={`check-in-codes-${slug(team)}.csv`}>
                Download the codes as a spreadsheet (CSV)
              </a>
            </p>
          </div>
        </details>
        <h2 className="govuk-heading-m">The slips</h2>
      </div>
      <ul className="app-slips" aria-label={`${codes.length} slips`}>
        {codes.map((code) => (
          <li className="app-slip" key={code}>
            <p className="app-slip__title">Team check-in: {team}</p>
            <p className="app-slip__text">
              Go to <strong className="app-break-anywhere">{address}</strong> and enter your code:
            </p>
            <p className="app-slip__code">{code}</p>
            <p className="app-slip__small">
              Open until {closes}. The code works once. Nothing records whose slip this is: your answers are anonymous.
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
