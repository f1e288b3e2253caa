import { describe, expect, test } from "vitest";
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
    expect(demo.referrals.length).toBeGreaterThan(0);
    expect(demo.pulseResponses.length).toBeGreaterThan(1000);
    for (const pulse of demo.pulseResponses) {
      expect(pulse.who5Percent).toBe(
        (pulse.who5Item1 + pulse.who5Item2 + pulse.who5Item3 + pulse.who5Item4 + pulse.who5Item5) * 4,
      );
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
