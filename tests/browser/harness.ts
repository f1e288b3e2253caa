import type { Browser } from "playwright-core";
import { inject } from "vitest";
import { launchChromium } from "../support/browser";
import { copyOfTemplate, type TempDatabase } from "../support/database";
import { startServer, type RunningServer } from "../support/server";

export type AppUnderTest = { db: TempDatabase; server: RunningServer; browser: Browser; close: () => Promise<void> };

/** The built server on a private copy of the demo database, and a Chromium to drive it. */
export async function startAppUnderTest(label: string): Promise<AppUnderTest> {
  const db = copyOfTemplate(inject("demoTemplate"), label);
  const server = await startServer(db.file);
  const browser = await launchChromium();
  return {
    db,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.stop();
      db.remove();
    },
  };
}
