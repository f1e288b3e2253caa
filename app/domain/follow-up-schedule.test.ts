import { expect, test } from "vitest";
import { followUpCompletedByDefault, outsideWindow, scheduleFollowUps, urgentCheck } from "./follow-up-schedule";

const LONDON = "Europe/London";
const steps = [
  { id: "72h", label: "72-hour risk assessment", offsetHours: 72, contactType: "risk_assessment" },
  { id: "28d", label: "28-day review", offsetHours: 672, contactType: "review" },
  { id: "36h", label: "36-hour check", offsetHours: 36, contactType: "peer_conversation" },
];

test("default protocol: 3 and 28 days later at the same local time", () => {
  const [threeDays, fourWeeks] = scheduleFollowUps(new Date("2026-06-10T13:00:00Z"), steps, LONDON);
  expect(threeDays!.dueAt.toISOString()).toBe("2026-06-13T13:00:00.000Z");
  expect(fourWeeks!.dueAt.toISOString()).toBe("2026-07-08T13:00:00.000Z");
});

test("across the October clock change, 28 days later is still 14:00 in London", () => {
  // 14:00 BST on 10 October 2026 is 13:00 UTC; 14:00 GMT on 7 November is 14:00 UTC.
  const [, fourWeeks] = scheduleFollowUps(new Date("2026-10-10T13:00:00Z"), steps, LONDON);
  expect(fourWeeks!.dueAt.toISOString()).toBe("2026-11-07T14:00:00.000Z");
});

test("across the March clock change, 3 days later is still 09:30 in London", () => {
  // 09:30 GMT on 27 March 2026; 09:30 BST on 30 March is 08:30 UTC.
  const [threeDays] = scheduleFollowUps(new Date("2026-03-27T09:30:00Z"), steps, LONDON);
  expect(threeDays!.dueAt.toISOString()).toBe("2026-03-30T08:30:00.000Z");
});

test("offsets that are not whole days are elapsed hours", () => {
  const [, , thirtySix] = scheduleFollowUps(new Date("2026-03-28T12:00:00Z"), steps, LONDON);
  expect(thirtySix!.dueAt.toISOString()).toBe("2026-03-30T00:00:00.000Z");
});

test("the protocol's window: a 72-hour assessment from 48 hours to 7 days, a 28-day review from 21 to 35 days", () => {
  const at = new Date("2026-06-10T13:00:00Z");
  const [threeDays, fourWeeks] = scheduleFollowUps(at, steps, LONDON);
  expect(threeDays!.windowOpensAt.toISOString()).toBe("2026-06-12T13:00:00.000Z");
  expect(threeDays!.windowClosesAt.toISOString()).toBe("2026-06-17T13:00:00.000Z");
  expect(fourWeeks!.windowOpensAt.toISOString()).toBe("2026-07-01T13:00:00.000Z");
  expect(fourWeeks!.windowClosesAt.toISOString()).toBe("2026-07-15T13:00:00.000Z");
});

const open = (id: number, contactType: string | null, dueAt: string, opens: string, closes: string) => ({
  id, contactType, dueAt: new Date(dueAt), windowOpensAt: new Date(opens), windowClosesAt: new Date(closes),
});
const assessment = open(1, "risk_assessment", "2026-06-13T13:00:00Z", "2026-06-12T13:00:00Z", "2026-06-17T13:00:00Z");
const review = open(2, "review", "2026-07-08T13:00:00Z", "2026-07-01T13:00:00Z", "2026-07-15T13:00:00Z");

test("a contact of the kind a follow-up asks for, inside its window, completes it by default", () => {
  expect(followUpCompletedByDefault("risk_assessment", new Date("2026-06-14T10:00:00Z"), [review, assessment])?.id).toBe(1);
  expect(followUpCompletedByDefault("review", new Date("2026-07-02T10:00:00Z"), [assessment, review])?.id).toBe(2);
});

test("another kind, or outside the window, or no date yet: nothing by default", () => {
  expect(followUpCompletedByDefault("defusing", new Date("2026-06-14T10:00:00Z"), [assessment, review])).toBeNull();
  expect(followUpCompletedByDefault("risk_assessment", new Date("2026-06-30T10:00:00Z"), [assessment, review])).toBeNull();
  expect(followUpCompletedByDefault("risk_assessment", undefined, [assessment])).toBeNull();
  expect(followUpCompletedByDefault("risk_assessment", new Date("2026-06-14T10:00:00Z"), [{ ...assessment, windowOpensAt: null, windowClosesAt: null }])).toBeNull();
});

test("a follow-up moved outside its window is completed by default around its new due time", () => {
  const moved = { ...assessment, dueAt: new Date("2026-06-30T09:00:00Z") };
  expect(followUpCompletedByDefault("risk_assessment", new Date("2026-06-30T15:00:00Z"), [moved])?.id).toBe(1);
  expect(followUpCompletedByDefault("risk_assessment", new Date("2026-07-05T15:00:00Z"), [moved])).toBeNull();
});

test("an urgent referral's check is completed by any kind of contact within two days", () => {
  const check = { id: 3, ...urgentCheck(new Date("2026-06-14T10:00:00Z")) };
  expect(check.dueAt.toISOString()).toBe("2026-06-15T10:00:00.000Z");
  expect(followUpCompletedByDefault("peer_conversation", new Date("2026-06-15T08:00:00Z"), [check])?.id).toBe(3);
  expect(followUpCompletedByDefault("peer_conversation", new Date("2026-06-17T08:00:00Z"), [check])).toBeNull();
});

test("a new due time outside the window is told apart (a 72-hour assessment moved 20 days)", () => {
  expect(outsideWindow(new Date("2026-07-03T09:00:00Z"), assessment)).toBe(true);
  expect(outsideWindow(new Date("2026-06-15T09:00:00Z"), assessment)).toBe(false);
  expect(outsideWindow(new Date("2026-07-03T09:00:00Z"), { windowOpensAt: null, windowClosesAt: null })).toBe(false);
});
