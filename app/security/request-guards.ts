/** Largest request body accepted: form posts are far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Spreadsheet uploads to the import screen may be larger. The file's own limits (20 MB and more,
 * IMPORT_LIMITS) are checked as it streams in; this cap is higher, so that a file just over them
 * is still answered beside the file field, not with this plain refusal.
 */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** The import screen, as a page posts to it and as Remix's script does (its data request ends in ".data"). */
const IMPORT_PATHS = new Set(["/admin/import", "/admin/import.data"]);

/** What a form sends: the only bodies the app reads. */
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type RequestFacts = {
  method: string;
  /** the site as the server is reached, e.g. "https://debrief.example.org" */
  ownOrigin: string;
  origin?: string | null;
  secFetchSite?: string | null;
  contentLength?: string | null;
  transferEncoding?: string | null;
  /** the path, without the query */
  path?: string;
  /** the path and query as sent, still percent-encoded */
  url?: string;
  contentType?: string | null;
};

export type Refusal = { status: 400 | 403 | 405 | 411 | 413 | 415; message: string };

/**
 * Pure: whether a request may reach the app. No address holds a null character (%00: no page
 * links to one, and PostgreSQL cannot compare text holding it). State changes only by POST from
 * this site (Origin, or Sec-Fetch-Site when Origin is absent); bodies at most 1 MB (50 MB to the
 * import screen), and only as a form sends them.
 */
export function refuseRequest(facts: RequestFacts): Refusal | null {
  if (facts.url && /%00/i.test(facts.url)) return { status: 400, message: "This address holds a null character (%00), which no Debrief address has." };
  const method = facts.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return null;
  if (method !== "POST") return { status: 405, message: "This address accepts only GET and POST requests." };

  if (facts.origin) {
    if (facts.origin !== facts.ownOrigin) {
      return { status: 403, message: "This form was sent from another site, so it was refused." };
    }
  } else if (facts.secFetchSite !== "same-origin") {
    return { status: 403, message: "This request did not come from a Debrief page, so it was refused." };
  }

  const isImport = IMPORT_PATHS.has(facts.path ?? "");
  if (facts.contentLength != null && facts.contentLength !== "") {
    const length = Number(facts.contentLength);
    if (!Number.isFinite(length) || length > (isImport ? MAX_IMPORT_BYTES : MAX_BODY_BYTES)) {
      return { status: 413, message: `What you sent is larger than ${isImport ? "50" : "1"} MB, so it was not saved.` };
    }
    const mediaType = (facts.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    // A body of another type, even an empty one, is not a form: only an empty, untyped body is let through.
    if ((mediaType !== "" || length > 0) && !FORM_TYPES.includes(mediaType)) {
      return { status: 415, message: "Debrief accepts only what its forms send, so this was not saved." };
    }
  } else if (facts.transferEncoding) {
    return { status: 411, message: "Send the length of the request body." };
  }
  return null;
}
