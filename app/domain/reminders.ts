import { TZDate } from "@date-fns/tz";
import { format, startOfISOWeek } from "date-fns";

// Reminder e-mails hold counts and links only: never a staff reference, a name, a team or anything
// about an incident (docs/decisions/0011-reminder-emails.md). Mail is read on more devices, and kept
// longer, than Debrief controls.

/** Reminders go out from this hour of the organisation's day, not at midnight. */
export const REMINDER_HOUR = 6;

export type FollowUpCounts = { overdue: number; dueToday: number; upcoming: number };

/**
 * Where the organisation's clock stands: the local day a daily digest is recorded under, the Monday
 * a weekly summary is recorded under, and whether it is late enough in the day to send.
 */
export function reminderClock(now: Date, timeZone: string) {
  const local = new TZDate(now, timeZone);
  return {
    day: format(local, "yyyy-MM-dd"),
    week: format(startOfISOWeek(local), "yyyy-MM-dd"),
    sendingHours: local.getHours() >= REMINDER_HOUR,
  };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The daily digest to a supporter, or null when nothing is overdue or due today (then nothing is sent). */
export function dailyDigest(counts: FollowUpCounts, origin: string) {
  if (counts.overdue === 0 && counts.dueToday === 0) return null;
  const lines = [];
  if (counts.overdue > 0) lines.push(`- Overdue: ${plural(counts.overdue, "follow-up", "follow-ups")}`);
  if (counts.dueToday > 0) lines.push(`- Due today: ${plural(counts.dueToday, "follow-up", "follow-ups")}`);
  if (counts.upcoming > 0) lines.push(`- Due in the next 7 days: ${plural(counts.upcoming, "follow-up", "follow-ups")}`);
  return {
    subject: counts.overdue > 0 ? "Debrief: follow-ups overdue" : "Debrief: follow-ups due today",
    text: [
      "In your Debrief caseload:",
      "",
      ...lines,
      "",
      `Open your caseload to see them: ${origin}/caseload`,
      "",
      "This e-mail says how many, never who. You get it on days when something is due or overdue.",
      `To stop these e-mails, turn reminders off on your account page: ${origin}/account`,
    ].join("\n"),
  };
}

/**
 * The weekly summary to an administrator: each supporter's counts, highest first, without names
 * (who holds what is on the organisation page, behind sign-in).
 */
export function weeklySummary(perSupporter: FollowUpCounts[], origin: string) {
  const total = (key: keyof FollowUpCounts) => perSupporter.reduce((sum, counts) => sum + counts[key], 0);
  const overdueEach = perSupporter.map((counts) => counts.overdue).sort((a, b) => b - a);
  const behind = overdueEach.filter((count) => count > 0).length;
  const lines =
    perSupporter.length === 0
      ? ["No one holds the supporter role yet."]
      : [
          `- Supporters: ${perSupporter.length}, of whom ${behind} ${behind === 1 ? "has" : "have"} something overdue`,
          `- Overdue: ${plural(total("overdue"), "follow-up", "follow-ups")}${behind > 0 ? ` (per supporter, highest first: ${overdueEach.join(", ")})` : ""}`,
          `- Due today: ${plural(total("dueToday"), "follow-up", "follow-ups")}`,
          `- Due in the next 7 days: ${plural(total("upcoming"), "follow-up", "follow-ups")}`,
        ];
  return {
    subject: "Debrief: this week's follow-ups",
    text: [
      "This week in Debrief:",
      "",
      ...lines,
      "",
      `Each supporter's counts, by name, are on the organisation page: ${origin}/admin`,
      "",
      "This e-mail says how many, never who.",
      `To stop these e-mails, turn reminders off on your account page: ${origin}/account`,
    ].join("\n"),
  };
}
