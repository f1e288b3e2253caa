import { describe, expect, test } from "vitest";
import { chartSummary } from "./trend-chart";

describe("chartSummary", () => {
  test("says the latest month with a figure, each series in it, withheld ones as such", () => {
    const labels = ["Sept 2026", "Oct 2026", "Nov 2026"];
    expect(
      chartSummary(labels, [
        { label: "Contact within 72 hours (%)", data: [80, 75.5, null], unit: "%" },
        { label: "Follow-ups on time (%)", data: [90, null, null], unit: "%" },
      ]),
    ).toBe("Oct 2026: Contact within 72 hours 75.5%; Follow-ups on time withheld.");
  });

  test("says so when every figure is withheld", () => {
    expect(chartSummary(["Oct 2026"], [{ label: "Exposures", data: [null] }])).toBe("Every figure in this chart is withheld.");
  });

  test("for categories rather than months, gives the first series across all of them", () => {
    expect(chartSummary(["1 – none of it", "2 – a little"], [{ label: "Mean distress", data: [6.1, null] }], true)).toBe("Mean distress: 1 – none of it, 6.1; 2 – a little, withheld.");
  });
});
