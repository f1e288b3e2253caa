import { describe, expect, test } from "vitest";
import { EXPORT_COLUMNS, dataDictionary, smallNumberRule } from "./research-export";

describe("the NHS small-number rule", () => {
  test("keeps zero, hides 1 to 7 and rounds the rest to the nearest 5", () => {
    expect(smallNumberRule(0)).toBe("0");
    for (const value of [1, 2, 5, 7]) expect(smallNumberRule(value)).toBe("*");
    expect(smallNumberRule(8)).toBe("10");
    expect(smallNumberRule(12)).toBe("10");
    expect(smallNumberRule(13)).toBe("15");
    expect(smallNumberRule(100)).toBe("100");
    expect(smallNumberRule(1234)).toBe("1235");
  });
});

describe("the data dictionary", () => {
  test("describes every column of the export, the threshold and the period", () => {
    const text = dataDictionary({ organisation: "Northshire", k: 6, from: "2026-01", to: "2026-06" });
    for (const column of EXPORT_COLUMNS) expect(text).toContain(`| \`${column}\` |`);
    expect(text).toContain("fewer than 6 different staff members");
    expect(text).toContain("Period: 2026-01 to 2026-06");
  });

  test("has no column that could name or date a person", () => {
    for (const column of EXPORT_COLUMNS) expect(column).not.toMatch(/staff_?(id|ref)|reference|name|note|text|date|day|week/i);
  });
});
