import { expect, test } from "vitest";
import { countOf } from "~/utils/plural";

test("a count takes the singular for one only, and a thousands comma", () => {
  expect(countOf(1, "row")).toBe("1 row");
  expect(countOf(0, "row")).toBe("0 rows");
  expect(countOf(4321, "row")).toBe("4,321 rows");
  expect(countOf(2, "person", "people")).toBe("2 people");
});
