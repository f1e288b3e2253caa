import { expect, test } from "vitest";
import { scheduleFollowUps } from "./follow-up-schedule";

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
