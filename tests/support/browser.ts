import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

// Flags for a closed network: without them Chromium keeps trying to reach Google's services.
const QUIET_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

// Flags of @sparticuz/chromium that would weaken what we test (the app's own security headers).
// --single-process suits one-shot serverless use; here it makes Chromium exit when the first context closes.
const UNWANTED_SPARTICUZ_FLAGS = ["--disable-web-security", "--allow-running-insecure-content", "--single-process"];

/**
 * Chromium for browser tests: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the binary shipped
 * in the npm package @sparticuz/chromium. Fails with an explanation rather than skipping.
 */
export async function launchChromium(): Promise<Browser> {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
  const system = candidates.find((candidate) => existsSync(candidate));
  if (system) return chromium.launch({ executablePath: system, args: QUIET_FLAGS, headless: true });

  let bundled: { executablePath: () => Promise<string>; args: string[] };
  try {
    bundled = (await import("@sparticuz/chromium")).default;
  } catch (error) {
    throw new Error(
      "No Chromium for the browser tests: set CHROMIUM_PATH, install Debian's chromium package, " +
        `or run npm install (it provides @sparticuz/chromium). Loading @sparticuz/chromium failed: ${String(error)}`,
    );
  }
  const executablePath = await bundled.executablePath();
  const args = [...bundled.args.filter((flag) => !UNWANTED_SPARTICUZ_FLAGS.includes(flag)), ...QUIET_FLAGS];
  return chromium.launch({ executablePath, args: [...new Set(args)], headless: true });
}
