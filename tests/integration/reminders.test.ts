// Reminders by e-mail (issue 28, point 7; docs/decisions/0011-reminder-emails.md): a daily digest to
// each supporter with something overdue or due today, a weekly summary to administrators, counts and
// links only. Read as the recipient's mail server receives them, from a real SMTP server on loopback.
import { addDays, addHours } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText as text } from "../support/http";
import { startSmtpServer, type ReceivedMail } from "../support/smtp";

type RemindersModule = typeof import("~/models/reminders.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

const SITE_URL = "https://debrief.example.org";
const TIME_ZONE = "Europe/London";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let demo: DemoCopy;
let reminders: RemindersModule;
/** 10:00 today in the organisation's time zone: within the sending hours. */
let now: Date;
const fixture = { organisationId: "", robin: "", quinn: "", ola: "" };

const mailsTo = (email: string, subject?: string) => smtp.received.filter((mail) => mail.to.includes(email) && (!subject || mail.subject === subject));
const DIGEST = /^Debrief: follow-ups (overdue|due today)$/;
const digestsTo = (email: string) => mailsTo(email).filter((mail) => DIGEST.test(mail.subject));

/** Every staff reference, person's name, team, service and organisation name, and incident kind in the database. */
async function everythingAnEmailMustNotHold() {
  const [staff, users, teams, services, organisations, exposures, labels] = await Promise.all([
    demo.prisma.staffMember.findMany({ select: { reference: true } }),
    demo.prisma.user.findMany({ select: { displayName: true } }),
    demo.prisma.team.findMany({ select: { name: true } }),
    demo.prisma.service.findMany({ select: { name: true } }),
    demo.prisma.organisation.findMany({ select: { name: true } }),
    demo.prisma.exposure.findMany({ select: { incidentType: true }, distinct: ["incidentType"] }),
    demo.prisma.followUp.findMany({ select: { label: true }, distinct: ["label"] }),
  ]);
  const surnames = users.map((u) => u.displayName.split(" ").at(-1)!).filter((name) => name.length >= 4);
  return [
    ...staff.map((s) => s.reference),
    ...users.map((u) => u.displayName),
    ...surnames,
    ...teams.map((t) => t.name),
    ...services.map((s) => s.name),
    ...organisations.map((o) => o.name),
    ...exposures.map((e) => e.incidentType),
    ...labels.map((l) => l.label),
  ].filter((value) => value.trim().length >= 3);
}

/** The whole message, headers included, holds none of them (as whole words, in any case). */
async function expectNothingIdentifying(mail: ReceivedMail) {
  const forbidden = await everythingAnEmailMustNotHold();
  expect(forbidden.length).toBeGreaterThan(100);
  const found = forbidden.filter((value) => new RegExp(`(^|[^\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\p{N}])`, "iu").test(mail.raw + mail.body));
  expect(found).toEqual([]);
  for (const link of mail.body.match(/https?:\/\/\S+/g) ?? []) expect(link.startsWith(`${SITE_URL}/`)).toBe(true);
}

/** A supporter of the demo organisation with follow-ups due as given (hours from `now`); some completed. */
async function supporterWith(email: string, displayName: string, dueInHours: number[], options: { completedInHours?: number[] } = {}) {
  const team = await demo.prisma.team.findFirstOrThrow({ where: { organisationId: fixture.organisationId }, select: { id: true } });
  const user = await demo.prisma.user.create({
    data: { organisationId: fixture.organisationId, email, displayName, roles: { create: { role: "supporter" } } },
    select: { id: true },
  });
  const make = async (hours: number, completed: boolean, index: number) => {
    const member = await demo.prisma.staffMember.create({
      data: { organisationId: fixture.organisationId, reference: `RMD-${email.slice(0, 4).toUpperCase()}-${completed ? "C" : "O"}${index}`, teamId: team.id, createdById: user.id },
      select: { id: true },
    });
    await demo.prisma.followUp.create({
      data: { organisationId: fixture.organisationId, staffMemberId: member.id, label: "72-hour risk assessment", dueAt: addHours(now, hours), completedAt: completed ? now : null },
    });
  };
  for (const [index, hours] of dueInHours.entries()) await make(hours, false, index);
  for (const [index, hours] of (options.completedInHours ?? []).entries()) await make(hours, true, index);
  return user.id;
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = "Debrief <debrief@example.org>";
  process.env.SITE_URL = SITE_URL;
  demo = await demoCopyForModules("reminders");
  reminders = await import("~/models/reminders.server");
  const local = new TZDate(new Date(), TIME_ZONE);
  now = new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 10, 0, 0, TIME_ZONE).getTime());
  fixture.organisationId = (await demo.prisma.organisation.findFirstOrThrow({ where: { isDemo: true }, select: { id: true } })).id;
  await demo.prisma.organisation.update({ where: { id: fixture.organisationId }, data: { timeZone: TIME_ZONE } });
  // Two overdue, one due later today, one in three days; and one overdue but completed, which does not count.
  fixture.robin = await supporterWith("robin@demo.test", "Robin Fairweather", [-48, -24 * 9, 3, 72], { completedInHours: [-30] });
  // Only something in the coming week, and something done: nothing to remind of today.
  fixture.quinn = await supporterWith("quinn@demo.test", "Quinn Harrowgate", [72], { completedInHours: [-30] });
  // Overdue, but has turned reminders off.
  fixture.ola = await supporterWith("ola@demo.test", "Ola Brightwater", [-48, 2]);
  await demo.prisma.user.update({ where: { id: fixture.ola }, data: { remindersByEmail: false } });
});
afterAll(async () => {
  await demo?.close();
  await smtp?.stop();
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  delete process.env.SITE_URL;
});

describe("the daily digest", () => {
  test("arrives with counts and a link to the caseload only: no reference, name, team or incident detail anywhere in the message", async () => {
    await reminders.sendRemindersEverywhere(now);
    const [mail, ...more] = digestsTo("robin@demo.test");
    expect(more).toEqual([]);
    expect(mail!.subject).toBe("Debrief: follow-ups overdue");
    expect(mail!.body).toContain("- Overdue: 2 follow-ups");
    expect(mail!.body).toContain("- Due today: 1 follow-up");
    expect(mail!.body).toContain("- Due in the next 7 days: 1 follow-up");
    expect(mail!.body).toContain(`${SITE_URL}/caseload`);
    await expectNothingIdentifying(mail!);
    expect(await demo.prisma.reminderSent.count({ where: { userId: fixture.robin, kind: "daily" } })).toBe(1);
  });

  test("is not sent when nothing is overdue or due today", async () => {
    await reminders.sendRemindersEverywhere(now);
    expect(mailsTo("quinn@demo.test")).toEqual([]);
    expect(await demo.prisma.reminderSent.count({ where: { userId: fixture.quinn } })).toBe(0);
  });

  test("is not sent to someone who turned reminders off", async () => {
    await reminders.sendRemindersEverywhere(now);
    expect(mailsTo("ola@demo.test")).toEqual([]);
  });

  test("is sent once a day, even when two servers run at once or the server restarts", async () => {
    await reminders.sendRemindersEverywhere(addHours(now, 1));
    expect(digestsTo("robin@demo.test")).toHaveLength(1);
    // The next day, two servers' runs at the same moment: one e-mail.
    const tomorrow = addDays(now, 1);
    await Promise.all([reminders.sendRemindersEverywhere(tomorrow), reminders.sendRemindersEverywhere(tomorrow)]);
    await reminders.sendRemindersEverywhere(addHours(tomorrow, 5));
    expect(digestsTo("robin@demo.test")).toHaveLength(2);
    expect(await demo.prisma.reminderSent.count({ where: { userId: fixture.robin, kind: "daily" } })).toBe(2);
  });

  test("is not sent before the organisation's morning, and one the mail server refused goes at the next run", async () => {
    const dayAfter = new Date(new TZDate(addDays(now, 2).getTime(), TIME_ZONE).setHours(5, 30));
    await reminders.sendRemindersEverywhere(dayAfter);
    expect(digestsTo("robin@demo.test")).toHaveLength(2);
    smtp.refusing.now = true;
    try {
      await reminders.sendRemindersEverywhere(addHours(dayAfter, 1));
    } finally {
      smtp.refusing.now = false;
    }
    expect(digestsTo("robin@demo.test")).toHaveLength(2);
    expect(await demo.prisma.reminderSent.count({ where: { userId: fixture.robin, kind: "daily" } })).toBe(2);
    await reminders.sendRemindersEverywhere(addHours(dayAfter, 2));
    expect(digestsTo("robin@demo.test")).toHaveLength(3);
  });
});

describe("the weekly summary", () => {
  test("goes to each administrator once a week with every supporter's counts and no name", async () => {
    const weekAfter = addDays(now, 7);
    const before = mailsTo("admin@demo.test", "Debrief: this week's follow-ups").length;
    await reminders.sendRemindersEverywhere(weekAfter);
    await reminders.sendRemindersEverywhere(addHours(weekAfter, 3));
    const summaries = mailsTo("admin@demo.test", "Debrief: this week's follow-ups").slice(before);
    expect(summaries).toHaveLength(1);
    const mail = summaries[0]!;
    await expectNothingIdentifying(mail);

    // One count per active supporter, highest first, adding up to the total; Robin's four open
    // follow-ups are all overdue a week later.
    const supporters = await demo.prisma.user.count({ where: { organisationId: fixture.organisationId, disabledAt: null, roles: { some: { role: "supporter" } } } });
    expect(mail.body).toContain(`- Supporters: ${supporters}, of whom`);
    const [, total, list] = /- Overdue: (\d+) follow-ups? \(per supporter, highest first: ([\d, ]+)\)/.exec(mail.body)!;
    const each = list!.split(", ").map(Number);
    expect(each).toHaveLength(supporters);
    expect(each).toEqual([...each].sort((a, b) => b - a));
    expect(each.reduce((a, b) => a + b, 0)).toBe(Number(total));
    expect(each).toContain(4);
    expect(mail.body).toContain(`${SITE_URL}/admin`);
    // Supporters get digests, not the summary.
    expect(mailsTo("robin@demo.test", "Debrief: this week's follow-ups")).toEqual([]);
  });
});

describe("in the server", () => {
  let server: DemoWithServer;
  beforeAll(async () => {
    // This server has no outgoing e-mail: the demo's reminders go to its console.
    for (const name of ["SMTP_URL", "MAIL_FROM", "SITE_URL"]) delete process.env[name];
    server = await demoWithServer("reminders-pages");
  });
  afterAll(() => server?.stop());

  test("each person turns their reminders off and on from their account page, with a plain form", async () => {
    const supporter = new HttpSession(server.server.url);
    await supporter.signIn("supporter@demo.test");
    const page = text(await (await supporter.get("/account")).text());
    expect(page).toContain("Send me reminders by e-mail?");
    expect(page).toContain("never a staff reference, a name or anything about an incident");

    const nothingChosen = await supporter.post("/account", {});
    expect(nothingChosen.status).toBe(400);
    expect(text(await nothingChosen.text())).toContain("Choose whether to get reminders by e-mail");

    const off = await supporter.post("/account", { reminders: "off" });
    expect(off.status).toBe(302);
    expect(text(await (await supporter.get(off.headers.get("location")!)).text())).toContain("Reminders by e-mail are off: Debrief will not send you any.");
    expect(await server.sql.value<unknown>("SELECT remindersByEmail FROM User WHERE email = 'supporter@demo.test'")).toBeFalsy();
    expect((await supporter.post("/account", { reminders: "on" })).status).toBe(302);
    expect(await server.sql.value<unknown>("SELECT remindersByEmail FROM User WHERE email = 'supporter@demo.test'")).toBeTruthy();
  });

  test("the organisation page says in plain words when reminders are off because e-mail is not set up", async () => {
    const admin = new HttpSession(server.server.url);
    await admin.signIn("admin@demo.test");
    expect(text(await (await admin.get("/admin")).text())).toContain("they are written to the server’s console");
    await server.sql.run("UPDATE Organisation SET isDemo = (1 = 0)");
    try {
      const page = text(await (await admin.get("/admin")).text());
      expect(page).toContain("Reminders by e-mail are off: this server has no outgoing e-mail set up");
      expect(text(await (await admin.get("/account")).text())).toContain("does not send e-mail yet, so no reminders go out");
    } finally {
      await server.sql.run("UPDATE Organisation SET isDemo = (1 = 1)");
    }
  });
});

// The server's own run, soon after it starts: only in the organisation's sending hours (from 06:00).
const inSendingHours = new TZDate(new Date(), TIME_ZONE).getHours() >= 6;
test.skipIf(!inSendingHours)("the server sends the day's digests in the background soon after it starts, once", async () => {
  const serverSmtp = await startSmtpServer();
  const running = await demoWithServer("reminders-background", { SMTP_URL: serverSmtp.url, MAIL_FROM: "Debrief <debrief@example.org>", SITE_URL });
  try {
    const toSupporter = () => serverSmtp.received.filter((m) => m.to.includes("supporter@demo.test"));
    await expect.poll(() => toSupporter().length, { timeout: 60_000, interval: 500 }).toBe(1);
    const mail = toSupporter()[0]!;
    expect(mail.subject).toMatch(DIGEST);
    expect(mail.body).toContain(`${SITE_URL}/caseload`);
    expect(await running.sql.value<number>("SELECT count(*) FROM ReminderSent WHERE userId = 'demo-user-supporter' AND kind = 'daily'")).toBe(1);
  } finally {
    await running.stop();
    await serverSmtp.stop();
  }
}, 120_000);
