import { describe, expect, test } from "vitest";
import type { PooledSums } from "./mean-interval";
import { differenceInDifferences, minimumDetectableEffect } from "./evaluation";
import { verdictOf } from "./verdict";

/** A small deterministic generator (Park–Miller), so the data sets are the same on every run. */
function generator(seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return {
    /** distress 0–10 around `mean`, from the sum of three uniforms (roughly bell-shaped) */
    distress(mean: number) {
      const spread = (uniform() + uniform() + uniform() - 1.5) * 2;
      return Math.min(10, Math.max(0, Math.round(mean + spread)));
    },
  };
}

function sample(random: ReturnType<typeof generator>, mean: number, count: number): PooledSums {
  const sums = { count, sum: 0, sumOfSquares: 0 };
  for (let i = 0; i < count; i += 1) {
    const value = random.distress(mean);
    sums.sum += value;
    sums.sumOfSquares += value * value;
  }
  return sums;
}

function evaluate(seed: number, plantedEffect: number, count: number) {
  const random = generator(seed);
  const estimate = differenceInDifferences({
    coveredBefore: sample(random, 6, count),
    coveredAfter: sample(random, 6 + plantedEffect, count),
    comparisonBefore: sample(random, 5.5, count),
    comparisonAfter: sample(random, 5.5, count),
  })!;
  const verdict = verdictOf({
    measure: "mean distress at first contact",
    unit: "points",
    estimate,
    minimumDetectable: minimumDetectableEffect(estimate.standardError),
    method: "difference-in-differences",
  });
  return { estimate, verdict };
}

describe("verdict on generated data", () => {
  test("a planted fall of 1 point: the interval covers it as often as it should (about 95 in 100 data sets)", () => {
    const runs = Array.from({ length: 200 }, (_, i) => evaluate(1000 + i, -1, 80));
    const covered = runs.filter(({ estimate }) => estimate.low < -1 && estimate.high > -1).length;
    expect(covered / runs.length).toBeGreaterThan(0.9);
    expect(covered / runs.length).toBeLessThan(1);
  });

  test.each([11, 29, 53])("a planted fall of 1.5 points (seed %i): the interval covers it and the verdict names it", (seed) => {
    const { estimate, verdict } = evaluate(seed, -1.5, 150);
    expect(estimate.low).toBeLessThan(-1.5);
    expect(estimate.high).toBeGreaterThan(-1.5);
    expect(verdict.claimsChange).toBe(true);
    expect(verdict.headline).toMatch(/^Mean distress at first contact fell by 1\.\d points in the covered teams, relative to the comparison teams \(95% CI -\d\.\d to -\d\.\d\)\.$/);
  });

  test("no planted effect: the verdict claims a change in about 5 of 100 data sets, not more", () => {
    const claims = Array.from({ length: 200 }, (_, i) => evaluate(5000 + i, 0, 60)).filter(({ verdict }) => verdict.claimsChange).length;
    expect(claims / 200).toBeLessThan(0.1);
  });

  test.each([5, 41, 73])("no planted effect (seed %i): the verdict claims none and says what could be detected", (seed) => {
    const { verdict } = evaluate(seed, 0, 60);
    expect(verdict.claimsChange).toBe(false);
    expect(verdict.headline).toMatch(/^Not enough data to tell: the smallest change this data could detect is \d\.\d points\./);
  });

  test("always states the caveats, and the missing comparison when there is none", () => {
    const { verdict } = evaluate(11, -1.5, 150);
    expect(verdict.caveats.join(" ")).toMatch(/not chosen .* at random/);
    expect(verdict.caveats.join(" ")).toMatch(/Other changes at the same time/);
    expect(verdict.caveats.join(" ")).toMatch(/Seasons/);
    const alone = verdictOf({ measure: "x", unit: "points", estimate: null, minimumDetectable: null, method: "before-after" });
    expect(alone.headline).toMatch(/^Not enough data to tell/);
    expect(alone.caveats[0]).toMatch(/no comparison teams/);
    const thin = verdictOf({ measure: "x", unit: "points", estimate: null, minimumDetectable: null, method: "before-after", comparisonUnusable: true });
    expect(thin.caveats[0]).toMatch(/comparison teams' months are withheld/);
  });
});
