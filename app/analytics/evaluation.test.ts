// Reference values were computed independently with NumPy 1.x and SciPy 1.17 (ordinary least
// squares by numpy.linalg.lstsq on the raw values, t quantiles by scipy.stats.t.ppf, Welch by
// scipy.stats.ttest_ind(equal_var=False).confidence_interval()). They equal R's lm() and t.test()
// on the same data. The data sets are written out below.
import { describe, expect, test } from "vitest";
import type { PooledSums } from "./mean-interval";
import {
  differenceInDifferences,
  differenceInMeans,
  differenceInMedians,
  medianWithStandardError,
  differenceInProportions,
  differenceInRates,
  minimumDetectableEffect,
  proportionSums,
  rateDifferenceInDifferences,
  segmentedRegression,
  type Estimate,
} from "./evaluation";

const sumsOf = (values: number[]): PooledSums => ({
  count: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumOfSquares: values.reduce((a, b) => a + b * b, 0),
});
const histogramOf = (values: number[]) => [...new Set(values)].map((value) => ({ value, count: values.filter((v) => v === value).length }));
const series = (values: number[]) => values.map((value, time) => ({ time, value }));

function expectEstimate(actual: Estimate | null | undefined, expected: { estimate: number; low: number; high: number; standardError?: number }) {
  expect(actual).toBeTruthy();
  expect(actual!.estimate).toBeCloseTo(expected.estimate, 5);
  expect(actual!.low).toBeCloseTo(expected.low, 5);
  expect(actual!.high).toBeCloseTo(expected.high, 5);
  if (expected.standardError !== undefined) expect(actual!.standardError).toBeCloseTo(expected.standardError, 5);
}

describe("interrupted time series (segmented regression)", () => {
  test("a planted drop of 1.2 at month 12 with a flattening slope: level change −0.968 (−1.455 to −0.481)", () => {
    // 6 + 0.05t − 1.2·after − 0.08(t − 12)·after + fixed noise
    const values = [6.3, 5.85, 6.2, 6.55, 5.7, 6.45, 6.2, 6.35, 6.7, 6.15, 6.7, 6.15, 5.5, 5.87, 5.14, 5.21, 5.58, 4.95, 5.22, 5.39, 4.96, 5.53, 5.0, 5.17];
    const fit = segmentedRegression(series(values), 12)!;
    expectEstimate(fit.intercept, { estimate: 6.119231, standardError: 0.154399, low: 5.79716, high: 6.441302 });
    expectEstimate(fit.slopeBefore, { estimate: 0.028322, standardError: 0.023777, low: -0.021277, high: 0.07792 });
    expectEstimate(fit.levelChange, { estimate: -0.968065, standardError: 0.233372, low: -1.45487, high: -0.48126 });
    expectEstimate(fit.slopeChange, { estimate: -0.064266, standardError: 0.033626, low: -0.134408, high: 0.005877 });
    expect(fit.residualDf).toBe(20);
    // The planted level change lies in its interval.
    expect(fit.levelChange.low).toBeLessThan(-1.2 + 0.5);
    expect(fit.fitted(12)).toBeCloseTo(6.119231 + 0.028322 * 12 - 0.968065, 4);
  });

  test("no effect: every interval of a change covers zero", () => {
    const values = [5.1, 4.9, 5.4, 4.8, 5.2, 5.0, 4.7, 5.3, 4.9, 4.8, 5.5, 5.1, 4.6, 5.2, 4.7, 5.3, 5.0, 4.9, 5.2, 4.5, 5.4, 5.1, 4.8, 5.3];
    const fit = segmentedRegression(series(values), 12)!;
    expectEstimate(fit.levelChange, { estimate: -0.2162, low: -0.703006, high: 0.270605 });
    expectEstimate(fit.slopeChange, { estimate: 0.015734, low: -0.054408, high: 0.085877 });
    for (const change of [fit.levelChange, fit.slopeChange]) {
      expect(change.low).toBeLessThan(0);
      expect(change.high).toBeGreaterThan(0);
    }
  });

  test("a short series of WHO-5 means with a step down after month 8", () => {
    const values = [62, 58, 65, 60, 61, 59, 57, 63, 50, 48, 52, 47, 49, 51];
    const fit = segmentedRegression(series(values), 8)!;
    expectEstimate(fit.intercept, { estimate: 61.25, low: 57.55765, high: 64.94235 });
    expectEstimate(fit.levelChange, { estimate: -10.535714, standardError: 2.730162, low: -16.618894, high: -4.452534 });
    expectEstimate(fit.slopeChange, { estimate: 0.264286, low: -1.363223, high: 1.891794 });
  });

  test("fewer than three months on either side gives no model", () => {
    expect(segmentedRegression(series([1, 2, 3, 4, 5]), 3)).toBeNull();
    expect(segmentedRegression(series([1, 2, 3, 4, 5]), 2)).toBeNull();
  });
});

describe("difference-in-differences", () => {
  test("covered teams fall by 2.27 more than comparison teams (−3.850 to −0.684), as lm(y ~ group * period)", () => {
    const did = differenceInDifferences({
      coveredBefore: sumsOf([6, 7, 5, 8, 6, 7]),
      coveredAfter: sumsOf([4, 5, 3, 4, 5]),
      comparisonBefore: sumsOf([6, 6, 7, 5, 7]),
      comparisonAfter: sumsOf([6, 7, 5, 6, 6, 7]),
    })!;
    expectEstimate(did, { estimate: -2.266667, standardError: 0.753428, low: -3.849561, high: -0.683772 });
    expect(did.df).toBe(18);
  });

  test("no effect: the interval covers zero", () => {
    const did = differenceInDifferences({
      coveredBefore: sumsOf([5, 6, 4, 7, 5]),
      coveredAfter: sumsOf([6, 5, 4, 6, 5]),
      comparisonBefore: sumsOf([5, 7, 4, 6, 5]),
      comparisonAfter: sumsOf([5, 6, 5, 6, 5]),
    })!;
    expectEstimate(did, { estimate: -0.2, standardError: 0.848528, low: -1.998799, high: 1.598799 });
  });

  test("shares go through the same model as 0/1 values", () => {
    const did = differenceInDifferences({
      coveredBefore: proportionSums({ events: 5, total: 8 }),
      coveredAfter: proportionSums({ events: 2, total: 8 }),
      comparisonBefore: proportionSums({ events: 4, total: 6 }),
      comparisonAfter: proportionSums({ events: 4, total: 6 }),
    })!;
    expectEstimate(did, { estimate: -0.375, standardError: 0.383205, low: -1.165896, high: 0.415896 });
  });

  test("rates: the Poisson standard error of four independent counts", () => {
    const did = rateDifferenceInDifferences({
      coveredBefore: { events: 120, exposure: 400 },
      coveredAfter: { events: 80, exposure: 400 },
      comparisonBefore: { events: 90, exposure: 300 },
      comparisonAfter: { events: 93, exposure: 310 },
    })!;
    // (0.2 − 0.3) − (0.3 − 0.3) = −0.1; SE = √(120/400² + 80/400² + 90/300² + 93/310²)
    const se = Math.sqrt(120 / 400 ** 2 + 80 / 400 ** 2 + 90 / 300 ** 2 + 93 / 310 ** 2);
    expectEstimate(did, { estimate: -0.1, standardError: se, low: -0.1 - 1.959964 * se, high: -0.1 + 1.959964 * se });
  });

  test("a group with no values gives no estimate", () => {
    expect(differenceInDifferences({ coveredBefore: sumsOf([]), coveredAfter: sumsOf([1, 2]), comparisonBefore: sumsOf([1, 2]), comparisonAfter: sumsOf([1, 2]) })).toBeNull();
  });
});

describe("before and after", () => {
  test("means: Welch's interval, as t.test(after, before)", () => {
    const diff = differenceInMeans(sumsOf([6, 7, 5, 8, 6, 7]), sumsOf([4, 5, 3, 4, 5]))!;
    expectEstimate(diff, { estimate: -2.3, low: -3.586421, high: -1.013579 });
    expect(diff.df).toBeCloseTo(8.99522, 4);
  });

  test("shares: Wald interval, as prop.test(c(12, 20), c(40, 45), correct = FALSE)", () => {
    expectEstimate(differenceInProportions({ events: 20, total: 45 }, { events: 12, total: 40 }), { estimate: -0.144444, low: -0.347535, high: 0.058646 });
  });

  test("rates per unit of exposure", () => {
    const diff = differenceInRates({ events: 50, exposure: 100 }, { events: 30, exposure: 100 })!;
    expectEstimate(diff, { estimate: -0.2, standardError: Math.sqrt(80) / 100, low: -0.2 - 1.959964 * Math.sqrt(80) / 100, high: -0.2 + 1.959964 * Math.sqrt(80) / 100 });
  });

  test("medians: Price–Bonett interval from order statistics", () => {
    const before = histogramOf([3, 4, 5, 5, 6, 6, 6, 7, 7, 8, 8, 9, 5, 6, 7]);
    const after = histogramOf([2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 4]);
    expectEstimate(differenceInMedians(before, after), { estimate: -1.5, low: -3.198632, high: 0.198632 });
  });

  test("medians: no interval when tied values collapse both intervals to a point", () => {
    const tied = [{ value: 5, count: 400 }];
    const lower = [{ value: 4, count: 400 }];
    expect(medianWithStandardError(tied)?.median).toBe(5);
    expect(differenceInMedians(tied, lower)).toBeNull();
  });
});

describe("minimum detectable effect", () => {
  test("is 2.80 standard errors at 80% power and 5% two-sided significance", () => {
    expect(minimumDetectableEffect(1)).toBeCloseTo(2.801585, 5);
    expect(minimumDetectableEffect(0.5)).toBeCloseTo(1.400793, 5);
  });

  test("shrinks as the data grow", () => {
    const small = differenceInMeans(sumsOf([6, 7, 5, 8]), sumsOf([4, 5, 3, 4]))!;
    const large = differenceInMeans(sumsOf([6, 7, 5, 8, 6, 7, 5, 8, 6, 7, 5, 8]), sumsOf([4, 5, 3, 4, 4, 5, 3, 4, 4, 5, 3, 4]))!;
    expect(minimumDetectableEffect(large.standardError)).toBeLessThan(minimumDetectableEffect(small.standardError));
  });
});
