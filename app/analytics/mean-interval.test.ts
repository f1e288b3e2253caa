import { describe, expect, test } from "vitest";
import { meanWithInterval } from "./mean-interval";

const sumsOf = (values: number[]) => ({
  count: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumOfSquares: values.reduce((a, b) => a + b * b, 0),
});

describe("mean with a 95% confidence interval", () => {
  test("matches R's t.test(c(2, 4, 4, 4, 5, 5, 7, 9))$conf.int: 3.212 to 6.788", () => {
    const result = meanWithInterval(sumsOf([2, 4, 4, 4, 5, 5, 7, 9]))!;
    expect(result.mean).toBe(5);
    expect(result.low).toBeCloseTo(3.2125, 3);
    expect(result.high).toBeCloseTo(6.7875, 3);
  });

  test("matches R's t.test(c(7, 8, 6, 9, 10))$conf.int: 6.037 to 9.963", () => {
    const result = meanWithInterval(sumsOf([7, 8, 6, 9, 10]))!;
    expect(result.low).toBeCloseTo(6.0368, 3);
    expect(result.high).toBeCloseTo(9.9632, 3);
  });

  test("no interval from fewer than two values, and none wider than the data when all agree", () => {
    expect(meanWithInterval(sumsOf([4]))).toBeNull();
    const same = meanWithInterval(sumsOf([3, 3, 3]))!;
    expect([same.low, same.mean, same.high]).toEqual([3, 3, 3]);
  });
});
