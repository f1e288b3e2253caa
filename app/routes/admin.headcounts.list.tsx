// Many headcounts at once: a pasted list or a CSV file of "team, month, headcount" lines, checked
// first (a dry run that names every line it cannot use), then saved together.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { monthIndex, monthOf } from "~/domain/dashboard-filters";
import { readHeadcountLines } from "~/domain/headcount-lines";
import { recordAudit } from "~/models/audit.server";
import { compareHeadcountLines, listTeamNames, saveHeadcounts } from "~/models/headcounts.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";
import { monthKey, monthLabel } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Add headcounts from a list – Debrief" }];

const LINES_FIELD = "lines";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

/** The list from the file, when one was chosen, else from the box; or why it cannot be read. */
async function listText(form: FormData): Promise<{ text: string } | { problem: string }> {
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
      if (text.includes("\u0000")) return { problem: "The file is not a CSV file: in your spreadsheet, save it as “CSV UTF-8”" };
      return { text };
    } catch {
      return { problem: "The file is not UTF-8 text: in your spreadsheet, save it as “CSV UTF-8”" };
    }
  }
  const text = String(form.get(LINES_FIELD) ?? "");
  if (text.trim() === "") return { problem: "Paste the lines, or choose a CSV file" };
  return { text };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const read = await listText(form);
  if ("problem" in read) return data({ stage: "problem" as const, problem: read.problem, text: String(form.get(LINES_FIELD) ?? "") }, { status: 400 });
  const { lines, problems } = readHeadcountLines(read.text, await listTeamNames(admin.organisationId), monthKey(new Date(), admin.organisation.timeZone));
  const compared = await compareHeadcountLines(lines);
  const toSave = compared.filter((line) => line.effect !== "same");
  const goodOnly = form.get("goodOnly") === "yes";
  if (form.get("intent") !== "save" || (problems.length > 0 && !goodOnly) || toSave.length === 0) {
    const refusal =
      form.get("intent") !== "save"
        ? null
        : toSave.length === 0
          ? "There is nothing new to save in this list."
          : `${problems.length} ${problems.length === 1 ? "line is" : "lines are"} not right: correct ${problems.length === 1 ? "it" : "them"}, or choose to save the good lines only.`;
    return data(
      { stage: "checked" as const, text: read.text, problems, refusal, lines: compared.map(({ line, team, month, headcount, before, effect }) => ({ line, team, month: monthLabel(month), headcount, before, effect })) },
      { status: refusal ? 400 : 200 },
    );
  }
  const saved = await attemptSave(() => saveHeadcounts(admin.organisationId, toSave.map(({ teamId, month, headcount }) => ({ teamId, month, headcount }))));
  if (!saved.ok) return data({ stage: "problem" as const, problem: saved.message, text: read.text }, NOT_SAVED_STATUS);
  await recordAudit({
    action: "headcounts.save",
    organisationId: admin.organisationId,
    actorUserId: admin.id,
    entityType: "headcounts",
    detail: { via: "list", lines: lines.length, leftOut: problems.length, ...saved.value },
    ipAddress: context.clientIp,
  });
  // Back to the grid, showing the twelve months up to the latest one saved.
  const latest = toSave.map((line) => line.month).sort().at(-1)!;
  return redirect(`/admin/headcounts?saved=${saved.value.set}&from=${monthOf(monthIndex(latest) - 11)}&to=${latest}`);
}

const EFFECT = { new: "New", changed: "Changed", same: "Already given" } as const;

export default function HeadcountList() {
  const result = useActionData<typeof action>();
  const checked = result?.stage === "checked" ? result : null;
  const problem = result?.stage === "problem" ? result.problem : null;
  const saving = checked?.lines.filter((l) => l.effect !== "same") ?? [];
  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/admin/headcounts">Headcounts</Link>
      </p>
      <ErrorSummary
        fieldErrors={[
          ...(problem ? [{ fieldId: LINES_FIELD, message: problem }] : []),
          ...(checked?.problems.length ? [{ fieldId: "problems", message: `${checked.problems.length} ${checked.problems.length === 1 ? "line cannot" : "lines cannot"} be used: see why below` }] : []),
        ]}
        formErrors={checked?.refusal ? [checked.refusal] : []}
      />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Add headcounts from a list</h1>
      <p className="govuk-body">
        One line per team and month: the team’s name, the month and the number of staff, separated by commas (or copied from three spreadsheet columns).
        Give the first month of each team and then only the months its headcount changed; the months between carry the figure before them.
      </p>
      <div className="govuk-inset-text">
        <pre className="app-code">{"Team,Month,Headcount\nResponse North,2024-01,42\nResponse North,2025-06,45\nControl Room B,Jan 2024,18"}</pre>
      </div>

      {checked ? (
        <>
          <h2 className="govuk-heading-m">What saving would do</h2>
          <p className="govuk-body">Nothing has been saved yet.</p>
          <ul className="govuk-list govuk-list--bullet" data-testid="headcount-dry-run">
            <li>{checked.lines.filter((l) => l.effect === "new").length} new months</li>
            <li>{checked.lines.filter((l) => l.effect === "changed").length} changed months</li>
            <li>{checked.lines.filter((l) => l.effect === "same").length} lines the same as what is already given</li>
            <li>{checked.problems.length} lines that cannot be used</li>
          </ul>
          {checked.problems.length > 0 ? (
            <table className="govuk-table" id="problems" tabIndex={-1}>
              <caption className="govuk-table__caption govuk-table__caption--s">Lines that cannot be used</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Line</th>
                  <th scope="col" className="govuk-table__header">Why</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {checked.problems.map((p) => (
                  <tr className="govuk-table__row" key={p.line}>
                    <td className="govuk-table__cell">{p.line}</td>
                    <td className="govuk-table__cell">{p.problem}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {checked.lines.length > 0 ? (
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">The {checked.lines.length} lines that can be used</span>
              </summary>
              <div className="govuk-details__text">
                <table className="govuk-table app-table--stack">
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">Line</th>
                      <th scope="col" className="govuk-table__header">Team</th>
                      <th scope="col" className="govuk-table__header">Month</th>
                      <th scope="col" className="govuk-table__header govuk-table__header--numeric">Headcount</th>
                      <th scope="col" className="govuk-table__header">Effect</th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {checked.lines.map((l) => (
                      <tr className="govuk-table__row" key={l.line}>
                        <td className="govuk-table__cell" data-label="Line">{l.line}</td>
                        <td className="govuk-table__cell" data-label="Team">{l.team}</td>
                        <td className="govuk-table__cell" data-label="Month">{l.month}</td>
                        <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Headcount">{l.headcount}</td>
                        <td className="govuk-table__cell" data-label="Effect">
                          {EFFECT[l.effect]}
                          {l.effect === "changed" ? ` (was ${l.before})` : ""}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : null}
        </>
      ) : null}

      <Form method="post" encType="multipart/form-data" noValidate key={checked ? "checked" : "new"}>
        <div className={`govuk-form-group${problem ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor={LINES_FIELD}>
            Paste the lines
          </label>
          {problem ? (
            <p className="govuk-error-message" id={`${LINES_FIELD}-error`}>
              <span className="govuk-visually-hidden">Error:</span> {problem}
            </p>
          ) : null}
          <textarea
            className={`govuk-textarea${problem ? " govuk-textarea--error" : ""}`}
            id={LINES_FIELD}
            name={LINES_FIELD}
            rows={10}
            spellCheck={false}
            defaultValue={result?.text ?? ""}
            aria-describedby={problem ? `${LINES_FIELD}-error` : undefined}
          />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="file">
            Or choose a CSV file
          </label>
          <div className="govuk-hint" id="file-hint">
            Columns team, month and headcount, with or without a header row. A file is read instead of the box.
          </div>
          <input className="govuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="file-hint" />
        </div>
        {checked && saving.length > 0 && checked.problems.length > 0 ? (
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="goodOnly" name="goodOnly" type="checkbox" value="yes" />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="goodOnly">
                  Save the good lines only, leaving out the {checked.problems.length} named above
                </label>
              </div>
            </div>
          </div>
        ) : null}
        <div className="govuk-button-group">
          <button type="submit" name="intent" value="check" className={`govuk-button${checked && saving.length > 0 ? " govuk-button--secondary" : ""}`}>
            Check the list
          </button>
          {checked && saving.length > 0 ? (
            <button type="submit" name="intent" value="save" className="govuk-button">
              Save {saving.length} {saving.length === 1 ? "headcount" : "headcounts"}
            </button>
          ) : null}
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
