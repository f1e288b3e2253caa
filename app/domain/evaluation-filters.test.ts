import { describe, expect, test } from "vitest";
import { parseEvaluationFilters } from "./evaluation-filters";

const parse = (query: string, watched: string[] = []) => parseEvaluationFilters(new URLSearchParams(query), watched);

describe("evaluation filters", () => {
  test("default: twelve months either side, the first watched measure, comparison not yet chosen", () => {
    const { filters, errors } = parse("", ["information_reached", "exposure_rate"]);
    expect(filters).toEqual({ before: 12, after: 12, measure: "information_reached", compare: null });
    expect(errors).toEqual({});
  });

  test("a bad window keeps what was typed and says what is wrong at the field", () => {
    const { filters, errors, typed } = parse("before=two&after=40");
    expect(filters.before).toBe(12);
    expect(filters.after).toBe(12);
    expect(errors.before).toBe("Enter the months before the start as a number, for example 12");
    expect(errors.after).toBe("Choose 36 months or fewer after the start");
    expect(typed).toEqual({ before: "two", after: "40" });
  });

  test("too short a window and fractions are refused", () => {
    expect(parse("before=2").errors.before).toBe("Choose at least 3 months before the start");
    expect(parse("after=6.5").errors.after).toBe("Enter a whole number of months after the start");
  });

  test("comparison teams once each; an empty choice is a choice of none", () => {
    expect(parse("compared=1&compare=a&compare=b&compare=a").filters.compare).toEqual(["a", "b"]);
    expect(parse("compared=1").filters.compare).toEqual([]);
  });

  test("an unknown measure falls back to the watched one", () => {
    expect(parse("measure=nonsense", ["exposure_rate"]).filters.measure).toBe("exposure_rate");
    expect(parse("measure=debrief_coverage").filters.measure).toBe("debrief_coverage");
  });
});
