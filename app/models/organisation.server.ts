import { prisma } from "~/db.server";

/** Whether this installation holds the synthetic demo organisation (shown on every page). */
export async function installationHasDemoData() {
  const demo = await prisma.organisation.findFirst({ where: { isDemo: true }, select: { id: true } });
  return demo !== null;
}

/** The organisation's crisis routes, shown with an urgent referral. */
export async function crisisRoutesOf(organisationId: string) {
  return (await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { crisisRoutesText: true } })).crisisRoutesText;
}
