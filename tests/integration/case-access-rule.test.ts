// The case check every case form makes is one raw statement (holdsCase), for speed; the rule itself
// is casesOf, which every list of cases uses through Prisma. The two must never disagree.
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";

type StaffModule = typeof import("~/models/staff.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

let demo: DemoCopy;
let staff: StaffModule;

beforeAll(async () => {
  demo = await demoCopyForModules("case-access-rule");
  staff = await import("~/models/staff.server");
});
afterAll(() => demo?.close());

/** Every (supporter, staff member) pair the two rules answer differently, and how many pairs grant access. */
async function disagreements() {
  const supporters = await demo.prisma.user.findMany({ select: { id: true, organisationId: true } });
  const members = await demo.prisma.staffMember.findMany({ select: { id: true } });
  const differing: string[] = [];
  let held = 0;
  for (const supporter of supporters) {
    const byRule = new Set(
      (await demo.prisma.staffMember.findMany({ where: staff.casesOf(supporter.id, supporter.organisationId), select: { id: true } })).map((m) => m.id),
    );
    for (const member of members) {
      const raw = await staff.holdsCase(supporter.id, supporter.organisationId, member.id);
      if (raw) held++;
      if (raw !== byRule.has(member.id)) differing.push(`${supporter.id} / ${member.id}: raw ${raw}, rule ${!raw}`);
    }
  }
  return { differing, held };
}

test("the raw case check grants exactly the cases casesOf lists, for every user and staff member", async () => {
  // Every branch of the rule present: a case by assignment only, an anonymised case, and a
  // supporter of one organisation asking for a staff member id of another.
  const [creator, other] = await demo.prisma.user.findMany({ where: { roles: { some: { role: "supporter" } } }, take: 2, orderBy: { email: "asc" } });
  const [createdCase, assignedCase, anonymisedCase] = await demo.prisma.staffMember.findMany({ where: { createdById: creator!.id }, take: 3, orderBy: { id: "asc" } });
  await demo.prisma.caseAssignment.create({ data: { staffMemberId: assignedCase!.id, supporterId: other!.id } });
  await demo.prisma.staffMember.update({ where: { id: anonymisedCase!.id }, data: { anonymisedAt: new Date() } });
  const foreign = await demo.prisma.organisation.create({ data: { name: "Elsewhere", timeZone: "Europe/London" } });
  await demo.prisma.user.update({ where: { id: other!.id }, data: { organisationId: foreign.id } });

  const { differing, held } = await disagreements();
  expect(differing).toEqual([]);
  expect(held).toBeGreaterThan(10);
  expect(await staff.holdsCase(creator!.id, creator!.organisationId, createdCase!.id)).toBe(true);
  expect(await staff.holdsCase(creator!.id, creator!.organisationId, anonymisedCase!.id)).toBe(false);
  // Assigned, but now of another organisation: the organisation is part of the rule.
  expect(await staff.holdsCase(other!.id, foreign.id, assignedCase!.id)).toBe(false);
  expect(await staff.holdsCase(other!.id, creator!.organisationId, assignedCase!.id)).toBe(true);
});
