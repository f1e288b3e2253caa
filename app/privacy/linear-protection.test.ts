import { describe, expect, test } from "vitest";
import { findLeak, protectCells, type ProtectedCell } from "./linear-protection";

const K = 5;
const cell = (id: string, staff: number, hidden = false): ProtectedCell => ({ id, staff, hidden });

describe("primary and complementary suppression", () => {
  test("a cell from fewer than k staff is hidden, and so is the next smallest in its row", () => {
    const cells = [cell("total", 30), cell("a", 2), cell("b", 9), cell("c", 19)];
    const { suppressed, sensitive } = protectCells({ cells, equations: [{ total: "total", parts: ["a", "b", "c"] }], k: K });
    expect([...sensitive]).toEqual(["a"]);
    // total − b − c would give a away, so b (the cheaper one) goes too; the total stays.
    expect([...suppressed].sort()).toEqual(["a", "b"]);
  });

  test("the complement is the cheapest cell the leak needs, not the cheapest cell", () => {
    // A and B are hidden by another table, so P − a2 − b2 = a1 + b1 (four people) leaks; x and y
    // are cheaper than a2 but hiding them changes nothing about it.
    const cells = [cell("P", 40), cell("A", 20), cell("B", 20), cell("a1", 2), cell("a2", 18), cell("b1", 2), cell("b2", 18), cell("other", 13), cell("x", 6), cell("y", 7)];
    const equations = [
      { total: "P", parts: ["A", "B"] },
      { total: "A", parts: ["a1", "a2"] },
      { total: "B", parts: ["b1", "b2"] },
      { total: "other", parts: ["x", "y"] },
    ];
    const { suppressed } = protectCells({ cells, equations, k: K, guard: new Set(["A", "B"]) });
    expect([...suppressed].sort()).toEqual(["A", "B", "a1", "a2", "b1"]);
  });

  test("empty cells are shown: nobody is behind a zero", () => {
    const cells = [cell("total", 12), cell("a", 0), cell("b", 12)];
    const { suppressed } = protectCells({ cells, equations: [{ total: "total", parts: ["a", "b"] }], k: K });
    expect(suppressed.size).toBe(0);
  });

  test("two small cells hidden together are not enough when their sum can be derived", () => {
    const cells = [cell("total", 40), cell("a", 2), cell("b", 2), cell("c", 36)];
    const { suppressed } = protectCells({ cells, equations: [{ total: "total", parts: ["a", "b", "c"] }], k: K });
    // a + b = total − c would be a figure about four people.
    expect(suppressed.has("c") || suppressed.has("total")).toBe(true);
  });

  test("a hidden cell with enough staff protects a small one without hiding anything else", () => {
    const cells = [cell("total", 40), cell("small", 3), cell("big", 37), cell("rest", 9, true)];
    const { suppressed } = protectCells({ cells, equations: [{ total: "total", parts: ["small", "big", "rest"] }], k: K });
    expect([...suppressed].sort()).toEqual(["rest", "small"]);
  });

  test("catches a leak across levels that two-per-row suppression misses", () => {
    // P = A + B, A = a1 + a2, B = b1 + b2: with a1 and b1 sensitive and A, B hidden as their
    // complements, P − a2 − b2 = a1 + b1 is still a figure about fewer than k people.
    const cells = [cell("P", 40), cell("A", 20), cell("B", 20), cell("a1", 2), cell("a2", 18), cell("b1", 2), cell("b2", 18)];
    const equations = [
      { total: "P", parts: ["A", "B"] },
      { total: "A", parts: ["a1", "a2"] },
      { total: "B", parts: ["b1", "b2"] },
    ];
    const naive = new Set(["a1", "b1", "A", "B"]);
    expect([...(findLeak({ cells, equations, k: K }, naive) ?? [])].sort()).toEqual(["a1", "b1"]);
    const { suppressed } = protectCells({ cells, equations, k: K });
    expect(findLeak({ cells, equations, k: K }, suppressed)).toBeUndefined();
  });
});

describe("people, not cells, decide", () => {
  test("the sum of many small cells is shown when enough people are behind it", () => {
    // Six teams of two people each: every team is hidden, their service total (12 people) is not.
    const teams = ["t1", "t2", "t3", "t4", "t5", "t6"];
    const cells = [cell("service", 12), ...teams.map((t) => cell(t, 2))];
    const { suppressed } = protectCells({ cells, equations: [{ total: "service", parts: teams }], k: K });
    expect([...suppressed].sort()).toEqual(teams);
  });

  test("the same person in several small cells is counted once", () => {
    // a and b have three people each, but the parts over-count the total by four, so a + b
    // (= total − big) may be as few as two people.
    const cells = [cell("total", 10), cell("a", 3), cell("b", 3), cell("big", 8)];
    const { suppressed } = protectCells({ cells, equations: [{ total: "total", parts: ["a", "b", "big"] }], k: K });
    expect(suppressed.has("big") || suppressed.has("total")).toBe(true);
  });

  test("a difference between a hidden total and a hidden part is a figure about the people in between", () => {
    // Service (8 people) and team A (6) hidden and both from at least k people, yet service − A
    // is the rest of the service: 2 people. Team B (visible) would let that be worked out.
    const cells = [cell("remit", 30), cell("service", 8), cell("other", 22), cell("A", 6), cell("B", 2)];
    const equations = [
      { total: "remit", parts: ["service", "other"] },
      { total: "service", parts: ["A", "B"] },
    ];
    const { suppressed } = protectCells({ cells, equations, k: K });
    expect(suppressed.has("B")).toBe(true);
    expect(suppressed.has("A") || suppressed.has("service")).toBe(true);
    expect(findLeak({ cells, equations, k: K }, suppressed)).toBeUndefined();
  });
});

describe("attacks a manager could try", () => {
  test("comparing a service with its teams: the small team left out cannot be worked out", () => {
    // Ambulance service = Northgate (40) + Riverside (36) + HART (4, never offered on its own).
    const cells = [cell("service", 80), cell("northgate", 40), cell("riverside", 36), cell("hart", 4, true)];
    const { suppressed } = protectCells({ cells, equations: [{ total: "service", parts: ["northgate", "riverside", "hart"] }], k: K });
    // Service − Northgate − Riverside would be HART: one of the three must go.
    expect(["service", "northgate", "riverside"].some((id) => suppressed.has(id))).toBe(true);
  });

  test("narrowing to one person: every figure about them is hidden, also when derived", () => {
    const cells = [cell("remit", 60), cell("team-a", 59), cell("team-b", 1)];
    const { suppressed } = protectCells({ cells, equations: [{ total: "remit", parts: ["team-a", "team-b"] }], k: K });
    expect(suppressed.has("team-b")).toBe(true);
    expect(suppressed.has("team-a") || suppressed.has("remit")).toBe(true);
  });
});
