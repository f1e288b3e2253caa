import { describe, expect, test } from "vitest";
import { monthIndex, monthOf } from "../../app/domain/dashboard-filters";
import { monthKey } from "../../app/utils/time";
import { generateDemoOrganisation } from "./demo-organisation";

const NOW = new Date("2026-11-22T09:00:00Z");
const demo = generateDemoOrganisation({ now: NOW });

function mean(values: number[]) {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

describe("the demo organisation", () => {
  test("spans police, ambulance, 999 call handling, mental-health crisis and highways", () => {
    expect(demo.services.map((s) => s.kind).sort()).toEqual(["ambulance", "call_handling", "highways", "mental_health", "police"]);
    expect(demo.teams.length).toBeGreaterThanOrEqual(12);
    expect(demo.staffMembers.length).toBeGreaterThanOrEqual(400);
  });

  test("has the four demo logins", () => {
    const emails = demo.users.map((u) => u.email);
    for (const email of ["admin@demo.test", "supporter@demo.test", "manager@demo.test", "researcher@demo.test"]) {
      expect(emails).toContain(email);
    }
  });

  test("covers two years of history, all of it in the past", () => {
    const months = new Set(demo.exposures.map((e) => e.occurredMonth));
    expect(months.size).toBeGreaterThanOrEqual(24);
    const times = demo.exposures.map((e) => new Date(e.occurredAt).getTime());
    expect(Math.max(...times)).toBeLessThan(NOW.getTime());
    const spanDays = (Math.max(...times) - Math.min(...times)) / 86_400_000;
    expect(spanDays).toBeGreaterThan(23 * 30);
    for (const contact of demo.supportContacts) expect(new Date(contact.contactedAt).getTime()).toBeLessThan(NOW.getTime());
  });

  test("has support contacts, follow-ups (some open, some overdue), referrals and pulse responses", () => {
    expect(demo.supportContacts.length).toBeGreaterThan(demo.exposures.length);
    const open = demo.followUps.filter((f) => !f.completedAt && !f.cancelledAt);
    expect(open.some((f) => new Date(f.dueAt) < NOW)).toBe(true);
    expect(open.some((f) => new Date(f.dueAt) > NOW)).toBe(true);
    // Like a service that works: most follow-ups are done on time and only a few are overdue.
    const due = demo.followUps.filter((f) => new Date(f.dueAt) < NOW);
    const onTime = due.filter((f) => f.completedAt && new Date(f.completedAt) <= new Date(f.dueAt));
    const overdue = open.filter((f) => new Date(f.dueAt) < NOW);
    expect(onTime.length / due.length).toBeGreaterThan(0.85);
    expect(overdue.length / due.length).toBeLessThan(0.02);
    expect(demo.referrals.length).toBeGreaterThan(0);
    expect(demo.pulseResponses.length).toBeGreaterThan(1000);
    for (const pulse of demo.pulseResponses) {
      expect(pulse.who5Percent).toBe(
        (pulse.who5Item1 + pulse.who5Item2 + pulse.who5Item3 + pulse.who5Item4 + pulse.who5Item5) * 4,
      );
    }
  });

  test("looks like a working team: 80–90% of exposures have every due follow-up done on time, each supporter has a handful overdue, and a few urgent referrals with their checks", () => {
    const exposureOnTime = new Map<number, boolean>();
    for (const f of demo.followUps) {
      if (f.exposureId == null || new Date(f.dueAt) >= NOW || (f.cancelledAt && new Date(f.cancelledAt) <= new Date(f.dueAt))) continue;
      const onTime = f.completedAt != null && new Date(f.completedAt) <= new Date(f.dueAt);
      exposureOnTime.set(f.exposureId, (exposureOnTime.get(f.exposureId) ?? true) && onTime);
    }
    const share = [...exposureOnTime.values()].filter(Boolean).length / exposureOnTime.size;
    expect(share).toBeGreaterThanOrEqual(0.8);
    expect(share).toBeLessThanOrEqual(0.9);
    const supporters = demo.users.filter((u) => u.roles.includes("supporter")).map((u) => u.id);
    for (const id of supporters) {
      const overdue = demo.followUps.filter((f) => f.assignedToId === id && !f.completedAt && !f.cancelledAt && new Date(f.dueAt) < NOW).length;
      expect(overdue, id).toBeGreaterThanOrEqual(2);
      expect(overdue, id).toBeLessThanOrEqual(12);
    }
    // A contact of the kind a follow-up asks for completes it.
    const contacts = new Map(demo.supportContacts.map((c) => [c.id, c]));
    for (const f of demo.followUps) if (f.completedByContactId && f.contactType) expect(contacts.get(f.completedByContactId)!.contactType).toBe(f.contactType);
    const urgent = demo.referrals.filter((r) => r.urgent);
    expect(urgent.length).toBeGreaterThan(24);
    expect(urgent.length).toBeLessThan(300);
    for (const referral of urgent) {
      expect(["occupational_health", "employee_assistance", "gp", "crisis_team", "nhs_111_mental_health", "emergency_999", "other"]).toContain(referral.destination);
      expect(demo.followUps.filter((f) => f.raisedByContactId === referral.supportContactId)).toHaveLength(1);
    }
  });

  test("every check-in ran to its end with one slip per person in its team's headcount, and one slip used per answer", () => {
    const answers = new Map<string, number>();
    for (const response of demo.pulseResponses) answers.set(response.pulseId!, (answers.get(response.pulseId!) ?? 0) + 1);
    for (const pulse of demo.pulses) {
      const month = demo.headcounts.find((h) => h.teamId === pulse.teamId && h.periodMonth === String(pulse.id).slice(-7));
      expect(pulse.codesIssued).toBe(month!.headcount);
      expect(pulse.codesUsed).toBe(answers.get(pulse.id!) ?? 0);
      expect(pulse.codesUsed).toBeLessThanOrEqual(pulse.codesIssued!);
      expect(pulse.withdrawnAt ?? null).toBeNull();
      expect(new Date(pulse.closesAt).getTime()).toBeLessThan(NOW.getTime());
    }
  });

  test("in covered teams, distress falls and information reaches staff more often after an initiative starts", () => {
    expect(demo.initiatives).toHaveLength(2);
    for (const initiative of demo.initiatives) {
      const start = new Date(initiative.startDate).getTime();
      const covered = new Set(demo.initiativeTeams.filter((t) => t.initiativeId === initiative.id).map((t) => t.teamId));
      const inTeams = demo.exposures.filter((e) => covered.has(e.teamId));
      const before = inTeams.filter((e) => new Date(e.occurredAt).getTime() < start);
      const after = inTeams.filter((e) => new Date(e.occurredAt).getTime() >= start);
      expect(mean(after.map((e) => e.initialDistress ?? 0))).toBeLessThan(mean(before.map((e) => e.initialDistress ?? 0)) - 0.5);
      const reached = (rows: typeof inTeams) => mean(rows.filter((e) => e.informationReached != null).map((e) => e.informationReached!));
      expect(reached(after)).toBeGreaterThan(reached(before) + 0.8);
    }
  });

  // Whether a team-month's figures are published depends on the data, and the demo is placed
  // relative to "now": at any date, the street-triage evaluation's teams must have months large
  // enough to publish. Exposures still awaiting a first contact are few people, so a month with
  // any has its mean distress at first contact withheld (it would give their count away): only
  // the last few days may have them.
  test.each(["2026-12-01T00:30:00Z", "2027-03-28T12:00:00Z", "2027-07-31T22:30:00Z"])(
    "at %s every exposure but the latest has had a support contact, and each month of the street-triage evaluation rests on many people",
    (at) => {
      const now = new Date(at);
      const other = generateDemoOrganisation({ now });
      const contacted = new Set(other.contactExposures.map((link) => link.exposureId));
      const waiting = other.exposures.filter((e) => !contacted.has(e.id!));
      for (const exposure of waiting) expect(now.getTime() - new Date(exposure.occurredAt).getTime(), `exposure ${exposure.id} of ${exposure.teamId}`).toBeLessThan(9 * 86_400_000);

      const k = other.organisation.anonymityThreshold!;
      const initiative = other.initiatives.find((i) => i.id === "demo-initiative-street-triage")!;
      // The evaluation's default window: 12 months before the start to the last whole month.
      const timeZone = other.organisation.timeZone!;
      const monthsFrom = (month: string, offset: number) => monthOf(monthIndex(month) + offset);
      const from = monthsFrom(monthKey(new Date(initiative.startDate), timeZone), -12);
      const to = monthsFrom(monthKey(now, timeZone), -1);
      // The teams the manager's evaluation covers (the Street Triage Team is outside their remit).
      const covered = other.initiativeTeams.filter((t) => t.initiativeId === initiative.id && t.teamId !== "demo-team-street-triage").map((t) => t.teamId);
      expect(covered).toHaveLength(3);
      const people = new Map<string, Set<string>>();
      for (const e of other.exposures) {
        if (!covered.includes(e.teamId) || e.occurredMonth < from || e.occurredMonth > to || !contacted.has(e.id!)) continue;
        const key = `${e.teamId} ${e.occurredMonth}`;
        people.set(key, (people.get(key) ?? new Set()).add(e.staffMemberId));
      }
      expect(people.size).toBe(3 * 21);
      for (const [teamMonth, staff] of people) expect(staff.size, teamMonth).toBeGreaterThanOrEqual(2 * k);
    },
  );

  test("is deterministic for a seed and changes with it", () => {
    const again = generateDemoOrganisation({ now: NOW });
    expect(again).toEqual(demo);
    const other = generateDemoOrganisation({ now: NOW, seed: 7 });
    expect(other.exposures.length).not.toBe(demo.exposures.length);
  }, 30_000);

  test("holds no names or free text about the people supported", () => {
    for (const staff of demo.staffMembers) {
      expect(staff.displayNameEncrypted ?? null).toBeNull();
      expect(staff.reference).toMatch(/^[A-Z]{2}-\d{4}$/);
    }
    for (const exposure of demo.exposures) expect(exposure.notesEncrypted ?? null).toBeNull();
  });
});
