import { describe, expect, test } from "vitest";
import { defaultPeriod, parseDashboardFilters } from "./dashboard-filters";

const parse = (query: string) => parseDashboardFilters(new URLSearchParams(query), "2026-11");

describe("dashboard filters", () => {
  test("default: the whole remit over the last twelve whole months", () => {
    expect(parse("")).toEqual({ filters: { focus: "all", from: "2025-12", to: "2026-11" }, errors: {}, typed: { focus: "all", from: "", to: "" } });
    expect(defaultPeriod("2026-01")).toEqual({ from: "2025-02", to: "2026-01" });
  });

  test("a chosen period and focus are kept", () => {
    expect(parse("focus=team%3Ax&from=2026-02&to=2026-05").filters).toEqual({ focus: "team:x", from: "2026-02", to: "2026-05" });
  });

  test("a badly written month gets a message next to it, the text typed is kept, and the default period is shown", () => {
    const result = parse("from=March&to=2026-05");
    expect(result.errors.from).toMatch(/year and month/);
    expect(result.typed.from).toBe("March");
    expect(result.filters).toEqual({ focus: "all", from: "2025-12", to: "2026-11" });
  });

  test("periods backwards, too long or in the future are refused with a reason", () => {
    expect(parse("from=2026-05&to=2026-02").errors.to).toMatch(/same as or after/);
    expect(parse("from=2020-01&to=2026-05").errors.to).toMatch(/36 months or fewer/);
    expect(parse("from=2026-10&to=2027-02").errors.to).toMatch(/future/);
  });
});
