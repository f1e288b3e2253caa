import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { compactDatabaseFile, databaseReady, prisma } from "~/db.server";
import { getEnv } from "~/env.server";
import { bindEncryptedValues, upgradeUnsaltedRecoveryCodes } from "~/models/at-rest.server";
import { discardAbandonedUploads } from "~/models/import.server";
import { publishDueMonthsEverywhere } from "~/models/publication.server";
import { sendRemindersEverywhere } from "~/models/reminders.server";
import { applyRetentionEverywhere } from "~/models/retention.server";
import { deleteSpentAccessCopies } from "~/models/subject-access.server";
import { NonceProvider } from "~/utils/nonce-provider";

export const streamTimeout = 5000;

/**
 * Called by the server before it accepts requests: validates the environment and
 * opens the database with verified durability pragmas. Throws (and the server exits) on any problem.
 */
export async function startup() {
  const env = getEnv();
  const pragmas = await databaseReady();
  const { bound, unreadable } = await bindEncryptedValues();
  if (bound > 0) console.info(`Bound ${bound} encrypted value(s) to their table, column and row.`);
  if (unreadable > 0) console.warn(`Warning: ${unreadable} encrypted value(s) from before binding cannot be read with this ENCRYPTION_KEY; they are left as they are and show as unreadable.`);
  const recoveryCodes = await upgradeUnsaltedRecoveryCodes();
  if (recoveryCodes > 0) console.info(`Hashed ${recoveryCodes} recovery code(s) stored before salting again with argon2id.`);
  // The old forms would otherwise stay readable in the file's free pages and the WAL.
  if ((bound > 0 || recoveryCodes > 0) && (await compactDatabaseFile(prisma))) console.info("Compacted the database file, so the values stored in their old form leave no copy in it.");
  return { env, pragmas };
}

/** Called by the server once a day (and soon after it starts): the retention rule for every organisation. */
export async function dailyRetention() {
  for (const report of await applyRetentionEverywhere()) {
    console.info(
      `Retention (${report.organisation.name}, records before ${report.cutoff.toISOString().slice(0, 10)}): ` +
        `notes removed from ${report.notesRemoved} records, ${report.staffAnonymised} staff members anonymised.`,
    );
  }
}

/** Called by the server every hour (and soon after it starts): publishes each month that has ended and settled. */
export async function publishFigures() {
  for (const { organisation, published } of await publishDueMonthsEverywhere()) {
    if (published > 0) console.info(`Published ${published} month${published === 1 ? "" : "s"} of figures for ${organisation.name}.`);
  }
}

/**
 * Called by the server every hour (and soon after it starts): the day's digests and the week's
 * summaries not sent yet (decision 0011). A failed message is logged and tried at the next run.
 */
export async function sendReminders() {
  for (const { organisation, daily, weekly } of await sendRemindersEverywhere()) {
    if (daily + weekly > 0) console.info(`Reminders for ${organisation.name}: ${daily} daily digest(s), ${weekly} weekly summar${weekly === 1 ? "y" : "ies"} sent.`);
  }
}

/**
 * Called by the server every hour (and soon after it starts): uploaded import files nobody imported or
 * cancelled go after a day, and subject access copies once they expire or their readings run out.
 */
export async function hourlyUploadCleanup() {
  const discarded = await discardAbandonedUploads();
  if (discarded > 0) console.info(`Deleted ${discarded} uploaded import file(s) left for more than a day.`);
  const copies = await deleteSpentAccessCopies();
  if (copies > 0) console.info(`Deleted ${copies} subject access cop${copies === 1 ? "y" : "ies"} that expired or were read as often as allowed.`);
}

/** Called on SIGTERM/SIGINT after the server stopped accepting requests. */
export async function shutdown() {
  await prisma.$disconnect();
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // Crawlers and no-JavaScript clients get the whole document at once.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; before it, the ErrorBoundary reports them.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
