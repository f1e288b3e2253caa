import { describe, expect, test } from "vitest";
import { caseStatusOf, containsPattern, followUpSortOf, pageOf, requestedPage, showingText, withParams } from "./caseload";

describe("pages of a list", () => {
  test("65 rows are 50 on the first page and 15 on the second, none left out", () => {
    expect(pageOf(1, 65)).toMatchObject({ page: 1, pages: 2, skip: 0, take: 50, first: 1, last: 50 });
    expect(pageOf(2, 65)).toMatchObject({ page: 2, pages: 2, skip: 50, first: 51, last: 65 });
    expect(showingText(pageOf(2, 65))).toBe("Showing 51–65 of 65");
  });

  test("a page past the end shows the last page, and an empty list has one page saying none", () => {
    expect(pageOf(9, 65).page).toBe(2);
    expect(pageOf(1, 0)).toMatchObject({ page: 1, pages: 1, first: 0, last: 0 });
    expect(showingText(pageOf(1, 0))).toBe("None");
  });

  test("anything but a whole number from 1 asks for the first page", () => {
    for (const value of [null, "", "0", "-3", "1.5", "abc", "1e400"]) expect(requestedPage(value), String(value)).toBe(1);
    expect(requestedPage("3")).toBe(3);
  });
});

test("the order is oldest due first unless newest first is asked for; the case list starts on open cases", () => {
  expect(followUpSortOf(null)).toBe("due-asc");
  expect(followUpSortOf("due-desc")).toBe("due-desc");
  expect(followUpSortOf("id; DROP")).toBe("due-asc");
  expect(caseStatusOf(null)).toBe("open");
  expect(caseStatusOf("handed_over")).toBe("handed_over");
  expect(caseStatusOf("constructor")).toBe("open");
});

test("a search matches anywhere, with LIKE's wildcards and its escape character taken literally", () => {
  expect(containsPattern("1042")).toBe("%1042%");
  expect(containsPattern("50%_\\")).toBe("%50\\%\\_\\\\%");
});

test("a page link keeps the list's other parameters", () => {
  const current = new URLSearchParams("kind=72-hour risk assessment&sort=due-desc&overduePage=2");
  expect(withParams(current, { overduePage: 3 })).toBe("?kind=72-hour+risk+assessment&sort=due-desc&overduePage=3");
  expect(withParams(current, { overduePage: null, kind: null, sort: null })).toBe("");
});
