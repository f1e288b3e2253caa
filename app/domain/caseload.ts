// What a caseload list shows: which page, in which order, of which kind. Pure, so the rules that
// keep every due item reachable are tested without a server.

/** Rows on one page of a caseload list. Every list is paged, never cut off. */
export const PAGE_SIZE = 50;

export const FOLLOW_UP_SORTS = {
  "due-asc": "Due date, oldest first",
  "due-desc": "Due date, newest first",
} as const;
export type FollowUpSort = keyof typeof FOLLOW_UP_SORTS;

/** The three lists of the caseload, each paged on its own (the query parameter of its page). */
export const FOLLOW_UP_WINDOWS = {
  overdue: { caption: "Overdue follow-ups", pageParam: "overduePage" },
  today: { caption: "Due today", pageParam: "todayPage" },
  week: { caption: "Due in the next 7 days", pageParam: "weekPage" },
} as const;
export type FollowUpWindow = keyof typeof FOLLOW_UP_WINDOWS;

export const CASE_STATUSES = {
  open: "Open",
  closed: "Closed",
  handed_over: "Handed over",
  all: "All",
} as const;
export type CaseStatusFilter = keyof typeof CASE_STATUSES;

/** Why a case is closed. Nothing is chosen for the supporter. */
export const CASE_CLOSE_REASONS = {
  support_completed: "Support completed",
  declined: "They declined further support",
  left_service: "They left the service",
  supported_elsewhere: "Supported elsewhere (referred on)",
} as const;
export type CaseCloseReason = keyof typeof CASE_CLOSE_REASONS;

/** A search is at most this long: a reference is at most 20 characters. */
export const SEARCH_MAX = 20;

export function followUpSortOf(value: string | null): FollowUpSort {
  return value === "due-desc" ? "due-desc" : "due-asc";
}

export function caseStatusOf(value: string | null): CaseStatusFilter {
  return value && Object.hasOwn(CASE_STATUSES, value) ? (value as CaseStatusFilter) : "open";
}

/** The page asked for, as a whole number from 1 (anything else reads as 1). */
export function requestedPage(value: string | null): number {
  const page = Number(value);
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

export type Page = { page: number; pages: number; skip: number; take: number; first: number; last: number; total: number };

/** Where a page falls in a list of `total` rows; a page past the end shows the last one. */
export function pageOf(requested: number, total: number, size = PAGE_SIZE): Page {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested), pages);
  const skip = (page - 1) * size;
  return { page, pages, skip, take: size, first: total === 0 ? 0 : skip + 1, last: Math.min(total, skip + size), total };
}

/** "Showing 51–65 of 65", as GOV.UK lists say it. */
export function showingText({ first, last, total }: Pick<Page, "first" | "last" | "total">) {
  return total === 0 ? "None" : `Showing ${first}–${last} of ${total}`;
}

/** A search for part of a reference as a LIKE pattern that matches it anywhere, wildcards taken literally (ESCAPE '\'). */
export function containsPattern(search: string) {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The address of the same list with some parameters changed (a page link keeps the filter and the order). */
export function withParams(search: URLSearchParams, changes: Record<string, string | number | null>) {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") next.delete(key);
    else next.set(key, String(value));
  }
  const query = next.toString();
  return query ? `?${query}` : "";
}
