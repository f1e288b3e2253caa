import { isUniqueViolation, prisma } from "~/db.server";
import { dailyDigest, reminderClock, weeklySummary, type FollowUpCounts } from "~/domain/reminders";
import { getEnv } from "~/env.server";
import { caseloadCounts } from "~/models/caseload.server";
import { mailDelivery, sendEmail, siteOrigin, type MailDelivery } from "~/utils/email.server";

type ReminderKind = "daily" | "weekly";
type Delivery = Exclude<MailDelivery, "none">;

/** Whether this server sends the organisation's reminders, and how (none: SMTP_URL is unset). */
export async function reminderDelivery(organisationId: string): Promise<MailDelivery> {
  const organisation = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { isDemo: true } });
  return mailDelivery(getEnv(), organisation.isDemo);
}

export async function remindersByEmail(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { remindersByEmail: true } });
  return user.remindersByEmail;
}

export async function setRemindersByEmail(userId: string, on: boolean) {
  await prisma.user.update({ where: { id: userId }, data: { remindersByEmail: on } });
}

/** Active people of the organisation with the role, who want reminders and have not had this one yet. */
function recipients(organisationId: string, role: string, kind: ReminderKind, day: string) {
  return prisma.user.findMany({
    where: { organisationId, disabledAt: null, remindersByEmail: true, roles: { some: { role } }, remindersSent: { none: { kind, day } } },
    select: { id: true, email: true },
    orderBy: { id: "asc" },
  });
}

/** Each active supporter's counts, straight from the caseload's own rules (never names). */
export async function supportersFollowUpCounts(organisationId: string, timeZone: string, now = new Date()) {
  const supporters = await prisma.user.findMany({
    where: { organisationId, disabledAt: null, roles: { some: { role: "supporter" } } },
    select: { id: true, displayName: true },
    orderBy: { displayName: "asc" },
  });
  return Promise.all(supporters.map(async (supporter) => ({ ...supporter, counts: await caseloadCounts(supporter.id, organisationId, timeZone, now) })));
}

/**
 * Sends one reminder at most once: the row (unique per person, kind and day) is written first, so a
 * second server or a run after a restart finds it and sends nothing; if sending fails the row goes,
 * so the next run tries again.
 */
async function sendOnce(userId: string, kind: ReminderKind, day: string, send: () => Promise<void>) {
  let claimed: { id: number };
  try {
    claimed = await prisma.reminderSent.create({ data: { userId, kind, day }, select: { id: true } });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  try {
    await send();
    return true;
  } catch (error) {
    await prisma.reminderSent.delete({ where: { id: claimed.id } });
    console.error(`A ${kind} reminder to user ${userId} was not sent; it is tried again at the next run: ${(error as Error).message}`);
    return false;
  }
}

async function sendOrganisationReminders(
  organisation: { id: string; timeZone: string },
  delivery: Delivery,
  now: Date,
) {
  const clock = reminderClock(now, organisation.timeZone);
  const sent = { daily: 0, weekly: 0 };
  if (!clock.sendingHours) return sent;
  const origin = siteOrigin(delivery);

  for (const supporter of await recipients(organisation.id, "supporter", "daily", clock.day)) {
    const digest = dailyDigest(await caseloadCounts(supporter.id, organisation.id, organisation.timeZone, now), origin);
    if (!digest) continue;
    if (await sendOnce(supporter.id, "daily", clock.day, () => sendEmail({ to: supporter.email, ...digest }, delivery))) sent.daily += 1;
  }

  const coordinators = await recipients(organisation.id, "admin", "weekly", clock.week);
  if (coordinators.length > 0) {
    const perSupporter: FollowUpCounts[] = (await supportersFollowUpCounts(organisation.id, organisation.timeZone, now)).map((s) => s.counts);
    const summary = weeklySummary(perSupporter, origin);
    for (const coordinator of coordinators) {
      if (await sendOnce(coordinator.id, "weekly", clock.week, () => sendEmail({ to: coordinator.email, ...summary }, delivery))) sent.weekly += 1;
    }
  }
  return sent;
}

/**
 * The server's hourly run: in every organisation where e-mail can go and it is past the sending hour
 * of its day, each supporter with something overdue or due today gets the day's digest, and each
 * administrator the week's summary, unless already sent or turned off.
 */
export async function sendRemindersEverywhere(now = new Date()) {
  const env = getEnv();
  const organisations = await prisma.organisation.findMany({ select: { id: true, name: true, isDemo: true, timeZone: true }, orderBy: { createdAt: "asc" } });
  const reports = [];
  for (const organisation of organisations) {
    const delivery = mailDelivery(env, organisation.isDemo);
    if (delivery === "none") continue;
    reports.push({ organisation, ...(await sendOrganisationReminders(organisation, delivery, now)) });
  }
  return reports;
}
