// First run on a real (non-demo) database:
//   npm run create-admin -- --email you@example.org [--name "Your Name"] [--organisation "Service name"] [--base-url https://debrief.example.org]
// Leaves the database ready to serve, as a first `npm start` would: creates a new SQLite file,
// generates and stores the keys (SESSION_SECRET, ENCRYPTION_KEY) unless they are set, applies the
// migrations, creates the organisation (with the default follow-up protocol) if there is none and the
// admin with no password, in one transaction, and prints a one-time link (valid 72 hours) where they
// set one. No default password exists.
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_PROTOCOL_STEPS } from "../../app/domain/follow-up-schedule";
import { EnvError, getEnv, storedSecretPath } from "../../app/env.server";
import { lostEncryptionKeyProblem } from "../database-checks";
import { applyMigrations } from "../database-setup";
import { checkedDatabase, failCommand, projectRoot, reportDatabaseFailuresPlainly } from "./command";

const COMMAND = "create-admin";
function fail(message: string): never {
  failCommand(COMMAND, message);
}

const USAGE = `Usage: npm run create-admin -- --email you@example.org [--name "Your Name"] [--organisation "Service name"] [--base-url https://debrief.example.org]
Makes the first administrator of an organisation, with a one-time link to set a password. On a database
that already holds organisations, --organisation names the one to add the administrator to, or a new one.`;
let values: { email?: string; name?: string; organisation?: string; "base-url"?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      organisation: { type: "string" },
      "base-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  console.error(`${COMMAND}: ${(error as Error).message}\n${USAGE}`);
  process.exit(1);
}
if (values.help) {
  console.info(USAGE);
  process.exit(0);
}
const email = z.string().trim().toLowerCase().email().safeParse(values.email);
if (!email.success) fail("give the new administrator's address: --email name@example.org");
const baseUrl = values["base-url"] ?? `http://localhost:${process.env.PORT ?? 3000}`;

reportDatabaseFailuresPlainly(COMMAND);
const database = await checkedDatabase(COMMAND, { createsDatabase: true, exclusive: true });
const lostKey = lostEncryptionKeyProblem(database.organisations);
if (lostKey) fail(lostKey);

// The keys, exactly as the server's first start makes them (getEnv): from the environment, else
// the ones stored in the data folder, else new ones stored there. Then `npm start` finds them.
const KEYS = ["SESSION_SECRET", "ENCRYPTION_KEY"] as const;
try {
  getEnv();
} catch (error) {
  if (error instanceof EnvError) fail(`the environment is not valid: ${error.problems.join("; ")}`);
  const code = (error as { code?: string }).code ?? (error as Error).message;
  fail(`the keys cannot be stored in ${path.dirname(storedSecretPath("ENCRYPTION_KEY"))} (${code}): set DATA_DIR to a folder Debrief may write to, or set SESSION_SECRET and ENCRYPTION_KEY yourself`);
}
const keyFiles = KEYS.filter((name) => !process.env[name]).map((name) => storedSecretPath(name));
const keysGiven = KEYS.filter((name) => process.env[name]);

if (database.pending.length > 0) await applyMigrations(projectRoot, database.url);

// Loaded once the database is migrated and the keys are in place, as the app would find them.
const { createPrismaClient, preparePrismaClient } = await import("../../app/db.server");
const { createInvitation, invitationPath } = await import("../../app/models/invitation.server");
const prisma = createPrismaClient(database.url);
const printLink = (token: string) => console.info(`Set the password within 72 hours at: ${new URL(invitationPath(token), baseUrl).toString()}`);
try {
  await preparePrismaClient(prisma);
  const organisations = await prisma.organisation.findMany({ select: { id: true, name: true, isDemo: true } });
  // The organisation named (an existing one, whatever its case, or a new one), or the only one there is.
  const named = values.organisation?.trim();
  if (!named && organisations.length > 1) {
    fail(`this database holds ${organisations.length} organisations (${organisations.map((o) => `"${o.name}"`).join(", ")}): name one with --organisation, or a new name to add an organisation`);
  }
  const target = named ? organisations.find((o) => o.name.toLowerCase() === named.toLowerCase()) : organisations[0];
  // An administrator whose link was lost or ran out before they set a password gets a new one
  // (the old one stops working); anyone else with an account is refused.
  // Addresses are unique within an organisation.
  const existing = target
    ? await prisma.user.findFirst({
        where: { email: email.data, organisationId: target.id },
        select: { id: true, organisationId: true, disabledAt: true, password: { select: { userId: true } }, roles: { select: { role: true } }, organisation: { select: { name: true } } },
      })
    : null;
  if (existing) {
    const waiting = !existing.password && !existing.disabledAt && existing.roles.some((r) => r.role === "admin");
    if (!waiting) fail(`${email.data} already has an account: an administrator manages it under Organisation → Users`);
    const token = await createInvitation(existing.id, null, new Date(), prisma);
    await prisma.auditEvent.create({ data: { organisationId: existing.organisationId, action: "user.reinvite_admin_cli", entityType: "user", entityId: existing.id } });
    console.info(`${email.data} in "${existing.organisation.name}" has not set a password yet: here is a new link (the earlier one no longer works).`);
    printLink(token);
    await prisma.$disconnect();
    process.exit(0);
  }
  if (organisations.some((o) => o.isDemo)) fail("this database holds the demo organisation; point DATABASE_URL at a new file for real use");

  // The organisation, its follow-up protocol and the administrator together, or none of them.
  const { organisation, user } = await prisma.$transaction(async (tx) => {
    const organisation =
      target ??
      (await tx.organisation.create({
        data: {
          name: named || "My organisation",
          followUpSteps: { create: DEFAULT_PROTOCOL_STEPS.map((step, index) => ({ ...step, sortOrder: index + 1 })) },
        },
        select: { id: true, name: true },
      }));
    const user = await tx.user.create({
      data: {
        organisationId: organisation.id,
        email: email.data,
        displayName: values.name?.trim() || email.data.split("@")[0]!,
        roles: { create: { role: "admin" } },
      },
    });
    await tx.auditEvent.create({ data: { organisationId: organisation.id, action: "user.create_admin_cli", entityType: "user", entityId: user.id } });
    return { organisation, user };
  });
  const token = await createInvitation(user.id, null, new Date(), prisma);

  if (!target && organisations.length > 0) console.info(`Added the organisation "${organisation.name}" beside ${organisations.map((o) => `"${o.name}"`).join(", ")}: nothing of one is seen by the other.`);
  console.info(`Created administrator ${email.data} in "${organisation.name}".`);
  printLink(token);
  const whereKeysAre = [
    keyFiles.length > 0 ? `npm start reads the keys from ${keyFiles.join(" and ")}` : null,
    keysGiven.length > 0 ? `${keysGiven.join(" and ")} ${keysGiven.length > 1 ? "come" : "comes"} from the environment: give npm start the same` : null,
  ];
  console.info(`${whereKeysAre.filter(Boolean).join("; ")}. Back them up with the database and keep them as safe: without ENCRYPTION_KEY the notes and two-factor secrets in it cannot be read.`);
  console.info("Start Debrief with: npm start");
} finally {
  await prisma.$disconnect();
}
process.exit(0);
