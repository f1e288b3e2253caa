// First run on a real (non-demo) database:
//   npm run create-admin -- --email you@example.org [--name "Your Name"] [--organisation "Service name"] [--base-url https://debrief.example.org]
// Applies migrations, creates the organisation if there is none, creates the admin with no password,
// and prints a one-time link (valid 72 hours) where they set one. No default password exists.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPrismaClient, ensureDatabaseDirectory, preparePrismaClient } from "../../app/db.server";
import { resolveDatabaseUrl } from "../../app/env.server";
import { createInvitation, invitationPath } from "../../app/models/invitation.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function fail(message: string): never {
  console.error(`create-admin: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    organisation: { type: "string" },
    "base-url": { type: "string" },
  },
});
const email = z.string().trim().toLowerCase().email().safeParse(values.email);
if (!email.success) fail("give the new administrator's address: --email name@example.org");
const baseUrl = values["base-url"] ?? `http://localhost:${process.env.PORT ?? 3000}`;

const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);
process.env.DATABASE_URL = databaseUrl;
ensureDatabaseDirectory(databaseUrl);
execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: root, stdio: "ignore" });

const prisma = createPrismaClient(databaseUrl);
await preparePrismaClient(prisma);
try {
  if (await prisma.user.findUnique({ where: { email: email.data } })) fail(`${email.data} already has an account`);
  const organisations = await prisma.organisation.findMany({ select: { id: true, name: true, isDemo: true } });
  if (organisations.some((o) => o.isDemo)) {
    fail("this database holds the demo organisation; point DATABASE_URL at a new file for real use");
  }
  const organisation =
    organisations[0] ??
    (await prisma.organisation.create({ data: { name: values.organisation?.trim() || "My organisation" } }));
  const user = await prisma.user.create({
    data: {
      organisationId: organisation.id,
      email: email.data,
      displayName: values.name?.trim() || email.data.split("@")[0]!,
      roles: { create: { role: "admin" } },
    },
  });
  const token = await createInvitation(user.id, null, new Date(), prisma);
  await prisma.auditEvent.create({
    data: { organisationId: organisation.id, action: "user.create_admin_cli", entityType: "user", entityId: user.id },
  });
  console.info(`Created administrator ${email.data} in "${organisation.name}".`);
  console.info(`Set the password within 72 hours at: ${new URL(invitationPath(token), baseUrl).toString()}`);
} finally {
  await prisma.$disconnect();
}
process.exit(0);
