// Mean with a 95% confidence interval from pooled sums, so groups can be combined in SQL and only
// the totals cross into JavaScript.
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export type PooledSums = { count: number; sum: number; sumOfSquares: number };

export type MeanInterval = { mean: number; low: number; high: number; count: number };

/** The mean and its two-sided 95% t interval; null with fewer than two values. */
export function meanWithInterval({ count, sum, sumOfSquares }: PooledSums): MeanInterval | null {
  if (count < 2) return null;
  const mean = sum / count;
  // Sample variance from the sums; never below zero through rounding.
  const variance = Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1));
  const halfWidth = tQuantile(0.975, count - 1) * Math.sqrt(variance / count);
  return { mean, low: mean - halfWidth, high: mean + halfWidth, count };
}
