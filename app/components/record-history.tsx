import { Form } from "@remix-run/react";
import { DELETE_REASONS } from "~/domain/vocabulary";

/** Who changed which answers of a record, and when (newest first). */
export function RecordHistory({ history }: { history: { id: number; when: string; who: string; what: string[] }[] }) {
  return (
    <>
      <h2 className="govuk-heading-m">History</h2>
      {history.length === 0 ? (
        <p className="govuk-body">Not changed since it was logged.</p>
      ) : (
        <ul className="govuk-list">
          {history.map((h) => (
            <li key={h.id}>{`${h.when}: ${h.who} changed ${h.what.join(", ")}`}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Soft delete with a reason from a fixed list (no free text reaches the audit log). */
export function DeleteRecord({ noun, consequence, problem }: { noun: string; consequence: string; problem: string | null }) {
  return (
    <>
      <h2 className="govuk-heading-m">Delete</h2>
      <p className="govuk-body">
        Deleting removes the {noun} from the timeline and from every figure. {consequence} The audit log keeps who
        deleted it, when and why.
      </p>
      <Form method="post" noValidate>
        <div className={`govuk-form-group${problem ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="delete-reason">Why delete it?</label>
          {problem ? (
            <p id="delete-reason-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {problem}
            </p>
          ) : null}
          <select className="govuk-select" id="delete-reason" name="reason" defaultValue="" aria-describedby={problem ? "delete-reason-error" : undefined}>
            <option value="">Choose a reason</option>
            {Object.entries(DELETE_REASONS).map(([value, text]) => (
              <option key={value} value={value}>{text}</option>
            ))}
          </select>
        </div>
        <button type="submit" name="intent" value="delete" className="govuk-button govuk-button--warning">
          Delete {noun}
        </button>
      </Form>
    </>
  );
}

export function isDeleteReason(value: unknown): value is keyof typeof DELETE_REASONS {
  return typeof value === "string" && value in DELETE_REASONS;
}
