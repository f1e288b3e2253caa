import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { MAX_SLIPS, codeSchema, codedAnswerSchema, displayCode, headcountProblem, isCodeShaped, normaliseCode, pulseState, resultsShown } from "~/domain/pulse";

/** The messages of a refused form, by field. */
const errorsOf = (result: { status?: string; error?: Record<string, string[] | null> | null }) => (result.status === "error" ? (result.error ?? {}) : {});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};

describe("check-in codes", () => {
  test("typed in any case, with spaces or the dash, a code is read the same", () => {
    expect(normaliseCode("kp7qh-2mxrt")).toBe("KP7QH2MXRT");
    expect(normaliseCode(" KP7QH 2MXRT ")).toBe("KP7QH2MXRT");
    expect(displayCode("KP7QH2MXRT")).toBe("KP7QH-2MXRT");
  });

  test("a code of the wrong length, or with a character no code has (O, 0, I, 1, L), is refused with the example", () => {
    expect(isCodeShaped("KP7QH2MXRT")).toBe(true);
    for (const typed of ["KP7QH2MXR", "KP7QH2MXRTT", "KP7QH2MXR0", "KP7QH2MXRO", "KP7QH2MXRI", "KP7QH2MXR1", "KP7QH2MXRL"]) {
      expect(isCodeShaped(normaliseCode(typed))).toBe(false);
      const result = parseWithZod(form({ code: typed }), { schema: codeSchema });
      expect(result.status).toBe("error");
      expect(errorsOf(result).code?.[0]).toMatch(/10 letters and numbers, for example KP7QH-2MXRT/);
    }
    expect(errorsOf(parseWithZod(form({ code: "  " }), { schema: codeSchema })).code).toEqual(["Enter the code from your slip"]);
  });

  test("an answer needs its code and every question: each missing one is named", () => {
    const result = parseWithZod(form({ who5Item1: "3" }), { schema: codedAnswerSchema });
    expect(result.status).toBe("error");
    expect(Object.keys(errorsOf(result)).sort()).toEqual(["code", "informationSharing", "who5Item2", "who5Item3", "who5Item4", "who5Item5"]);
    const complete = parseWithZod(
      form({ code: "kp7qh-2mxrt", who5Item1: "3", who5Item2: "2", who5Item3: "4", who5Item4: "1", who5Item5: "3", informationSharing: "na" }),
      { schema: codedAnswerSchema },
    );
    expect(complete.status === "success" && complete.value).toMatchObject({ code: "KP7QH2MXRT", who5Percent: 52, informationSharing: null });
  });
});

describe("which teams can be asked", () => {
  test("a team needs a headcount of at least k, and at most the most slips a check-in makes", () => {
    expect(headcountProblem("Red Watch", null, 5)).toMatch(/Red Watch has no headcount/);
    expect(headcountProblem("Red Watch", 4, 5)).toMatch(/Red Watch has 4 people\. Results need at least 5 answers/);
    expect(headcountProblem("Red Watch", 1, 5)).toMatch(/1 person\./);
    expect(headcountProblem("Red Watch", 5, 5)).toBeNull();
    expect(headcountProblem("Red Watch", MAX_SLIPS, 5)).toBeNull();
    expect(headcountProblem("Red Watch", MAX_SLIPS + 1, 5)).toMatch(/at most 1000 slips/);
  });
});

describe("when results are shown", () => {
  const now = new Date("2027-01-15T12:00:00Z");
  const ended = { closesAt: new Date("2027-01-15T11:59:00Z"), withdrawnAt: null };
  const open = { closesAt: new Date("2027-01-15T12:01:00Z"), withdrawnAt: null };

  test("only once the check-in has run to its announced end, with at least k codes used", () => {
    expect(pulseState(open, now)).toBe("open");
    expect(resultsShown({ ...open, codesUsed: 40 }, 5, now)).toBe(false);
    expect(pulseState(ended, now)).toBe("ended");
    expect(resultsShown({ ...ended, codesUsed: 5 }, 5, now)).toBe(true);
    expect(resultsShown({ ...ended, codesUsed: 4 }, 5, now)).toBe(false);
  });

  test("never for a withdrawn check-in, not even after its end", () => {
    const withdrawn = { ...open, withdrawnAt: new Date("2027-01-10T09:00:00Z") };
    expect(pulseState(withdrawn, now)).toBe("withdrawn");
    expect(resultsShown({ ...withdrawn, codesUsed: 40 }, 5, now)).toBe(false);
    expect(resultsShown({ ...withdrawn, codesUsed: 40 }, 5, new Date("2028-01-01T00:00:00Z"))).toBe(false);
  });
});
