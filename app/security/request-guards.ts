/** Largest request body accepted (form posts are far smaller; imports come later in chunks). */
export const MAX_BODY_BYTES = 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type RequestFacts = {
  method: string;
  /** the site as the server is reached, e.g. "https://debrief.example.org" */
  ownOrigin: string;
  origin?: string | null;
  secFetchSite?: string | null;
  contentLength?: string | null;
  transferEncoding?: string | null;
};

export type Refusal = { status: 403 | 405 | 411 | 413; message: string };

/**
 * Pure: whether a request may reach the app. State changes only by POST from this site
 * (Origin, or Sec-Fetch-Site when Origin is absent); bodies at most 1 MB.
 */
export function refuseRequest(facts: RequestFacts): Refusal | null {
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

  if (facts.contentLength != null && facts.contentLength !== "") {
    const length = Number(facts.contentLength);
    if (!Number.isFinite(length) || length > MAX_BODY_BYTES) {
      return { status: 413, message: "What you sent is larger than 1 MB, so it was not saved." };
    }
  } else if (facts.transferEncoding) {
    return { status: 411, message: "Send the length of the request body." };
  }
  return null;
}
