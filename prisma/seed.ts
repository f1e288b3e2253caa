// Seeds the synthetic demo organisation.
//   tsx prisma/seed.ts             seed an empty database (refuses one that has data)
//   tsx prisma/seed.ts --if-empty  seed only when the database is empty (as npm start and db:setup do)
import { hashPassword } from "../app/auth/password.server";
import { settleAfterSeed, createPrismaClient, ensureDatabaseDirectory, preparePrismaClient, type PrismaClient } from "../app/db.server";
import { resolveDatabaseUrl } from "../app/env.server";
import { DEMO_PASSWORD, generateDemoOrganisation } from "./seed/demo-organisation";

/** The demo's tens of thousands of rows go in one transaction; on a busy machine it takes more than the app's 15 s. */
export const SEED_TRANSACTION_TIMEOUT_MS = 180_000;

/** Writes the demo organisation in one transaction: a failure leaves the database as it was. */
export async function seedDemoOrganisation(prisma: PrismaClient, options: { now?: Date; seed?: number } = {}) {
  const demo = generateDemoOrganisation(options);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const teamIdByKey = new Map(demo.teams.map((t) => [String(t.id).replace("demo-team-", ""), String(t.id)]));
  await prisma.$transaction([
    prisma.organisation.create({ data: demo.organisation }),
    prisma.service.createMany({ data: demo.services }),
    prisma.team.createMany({ data: demo.teams }),
    prisma.teamHeadcount.createMany({ data: demo.headcounts }),
    prisma.followUpProtocolStep.createMany({ data: demo.followUpSteps }),
    prisma.user.createMany({
      data: demo.users.map((u) => ({
        id: u.id,
        organisationId: demo.organisation.id!,
        email: u.email,
        displayName: u.displayName,
        isDemoAccount: true,
      })),
    }),
    prisma.password.createMany({ data: demo.users.map((u) => ({ userId: u.id, hash: passwordHash })) }),
    prisma.userRole.createMany({ data: demo.users.flatMap((u) => u.roles.map((role) => ({ userId: u.id, role }))) }),
    prisma.managerRemit.createMany({
      data: demo.users.flatMap((u) => u.remitTeams.map((key) => ({ userId: u.id, teamId: teamIdByKey.get(key)! }))),
    }),
    prisma.staffMember.createMany({ data: demo.staffMembers }),
    prisma.caseAssignment.createMany({ data: demo.caseAssignments }),
    prisma.initiative.createMany({ data: demo.initiatives }),
    prisma.initiativeTeam.createMany({ data: demo.initiativeTeams }),
    prisma.initiativePartnerAgency.createMany({ data: demo.initiativePartners }),
    prisma.exposure.createMany({ data: demo.exposures }),
    prisma.exposurePartnerAgency.createMany({ data: demo.exposurePartners }),
    prisma.exposureBarrier.createMany({ data: demo.exposureBarriers }),
    prisma.supportContact.createMany({ data: demo.supportContacts }),
    prisma.supportContactExposure.createMany({ data: demo.contactExposures }),
    prisma.supportContactRiskIndicator.createMany({ data: demo.riskIndicators }),
    prisma.referral.createMany({ data: demo.referrals }),
    prisma.followUp.createMany({ data: demo.followUps }),
    prisma.pulse.createMany({ data: demo.pulses }),
    prisma.pulseResponse.createMany({ data: demo.pulseResponses }),
    prisma.auditEvent.create({
      data: { organisationId: demo.organisation.id, action: "demo.seed", detail: JSON.stringify({ exposures: demo.exposures.length }) },
    }),
  ]);
  await settleAfterSeed(prisma);
  return {
    teams: demo.teams.length,
    staffMembers: demo.staffMembers.length,
    exposures: demo.exposures.length,
    supportContacts: demo.supportContacts.length,
    followUps: demo.followUps.length,
    pulseResponses: demo.pulseResponses.length,
  };
}

/**
 * Seeds the demo organisation into the database at `databaseUrl`. With `ifEmpty` (npm start's set-up)
 * a database that holds data is left alone; without it, it is refused.
 */
export async function seedDatabase(databaseUrl: string, { ifEmpty }: { ifEmpty: boolean }, log: (line: string) => void = console.info) {
  ensureDatabaseDirectory(databaseUrl);
  const prisma = createPrismaClient(databaseUrl, { transactionTimeoutMs: SEED_TRANSACTION_TIMEOUT_MS });
  try {
    await preparePrismaClient(prisma);
    const organisations = await prisma.organisation.count();
    if (organisations > 0) {
      if (ifEmpty) {
        log("The database already holds data: not seeding the demo organisation.");
        return;
      }
      throw new Error("The database already holds data; the demo organisation is only seeded into an empty database.");
    }
    const started = Date.now();
    const counts = await seedDemoOrganisation(prisma);
    log(
      `Seeded the demo organisation in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${counts.teams} teams, ${counts.staffMembers} staff, ${counts.exposures} exposures, ` +
        `${counts.supportContacts} support contacts, ${counts.followUps} follow-ups, ${counts.pulseResponses} pulse responses.`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

async function main() {
  await seedDatabase(resolveDatabaseUrl(process.env.DATABASE_URL), { ifEmpty: process.argv.includes("--if-empty") });
}

// Run only as a script, not when a test imports seedDemoOrganisation.
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
