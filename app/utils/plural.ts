/** "1 row", "3 rows": a count with its noun, singular for one. */
export function countOf(count: number, one: string, many = `${one}s`) {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}
