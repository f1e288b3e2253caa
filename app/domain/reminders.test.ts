import { describe, expect, test } from "vitest";
import { dailyDigest, reminderClock, weeklySummary } from "./reminders";

const origin = "https://debrief.example.org";

describe("reminderClock", () => {
  test("the day, the week's Monday and the sending hours are the organisation's, not the server's", () => {
    // 23:30 on Sunday in UTC is 00:30 on Monday in London's summer time.
    expect(reminderClock(new Date("2026-06-07T23:30:00Z"), "Europe/London")).toEqual({ day: "2026-06-08", week: "2026-06-08", sendingHours: false });
    expect(reminderClock(new Date("2026-06-08T05:00:00Z"), "Europe/London")).toEqual({ day: "2026-06-08", week: "2026-06-08", sendingHours: true });
    expect(reminderClock(new Date("2026-06-08T05:00:00Z"), "UTC").sendingHours).toBe(false);
  });
});

describe("dailyDigest", () => {
  test("nothing is sent when nothing is overdue or due today, however much is coming", () => {
    expect(dailyDigest({ overdue: 0, dueToday: 0, upcoming: 4 }, origin)).toBeNull();
  });

  test("says how many and links to the caseload", () => {
    const mail = dailyDigest({ overdue: 3, dueToday: 1, upcoming: 0 }, origin)!;
    expect(mail.subject).toBe("Debrief: follow-ups overdue");
    expect(mail.text).toContain("- Overdue: 3 follow-ups");
    expect(mail.text).toContain("- Due today: 1 follow-up");
    expect(mail.text).not.toContain("next 7 days");
    expect(mail.text).toContain(`${origin}/caseload`);
    expect(mail.text).toContain(`${origin}/account`);
  });
});

describe("weeklySummary", () => {
  test("gives each supporter's overdue count without saying whose, and the totals", () => {
    const mail = weeklySummary(
      [
        { overdue: 1, dueToday: 0, upcoming: 2 },
        { overdue: 0, dueToday: 1, upcoming: 0 },
        { overdue: 5, dueToday: 2, upcoming: 3 },
      ],
      origin,
    );
    expect(mail.text).toContain("- Supporters: 3, of whom 2 have something overdue");
    expect(mail.text).toContain("- Overdue: 6 follow-ups (per supporter, highest first: 5, 1, 0)");
    expect(mail.text).toContain("- Due today: 3 follow-ups");
    expect(mail.text).toContain("- Due in the next 7 days: 5 follow-ups");
    expect(mail.text).toContain(`${origin}/admin`);
  });
});
