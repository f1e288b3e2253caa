import { prisma } from "~/db.server";

/** Whether this installation holds the synthetic demo organisation (shown on every page). */
export async function installationHasDemoData() {
  const demo = await prisma.organisation.findFirst({ where: { isDemo: true }, select: { id: true } });
  return demo !== null;
}
