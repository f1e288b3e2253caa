// The production build (npm run build): the chart script, the Remix app and the server, then the
// stamp of the sources it was made from. With --if-stale (npm start) it builds only when the
// sources, the dependencies or the build's configuration changed since the last build.
//   tsx server/cli/build.ts [--if-stale]
import { execFileSync } from "node:child_process";
import { buildIsCurrent, recordBuild, sourceStamp } from "../build-stamp";
import { failCommand, projectRoot } from "./command";

/** Builds now, or (ifStale) only when build/ is not from the current sources. */
export function build({ ifStale }: { ifStale: boolean }) {
  const stamp = sourceStamp(projectRoot);
  if (ifStale && buildIsCurrent(projectRoot, stamp)) {
    console.info("The build in build/ is current: not building again.");
    return;
  }
  // npm start says it is building and keeps the page of build detail back unless the build fails;
  // npm run build shows it as it goes.
  if (ifStale) console.info("Building Debrief from its sources (about a minute the first time)…");
  try {
    execFileSync("npm", ["run", "build:steps"], { cwd: projectRoot, stdio: ifStale ? "pipe" : "inherit", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if (ifStale) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      process.stderr.write(`${stdout?.toString() ?? ""}${stderr?.toString() ?? ""}`);
    }
    failCommand("build", "the build failed: its errors are above");
  }
  if (ifStale) console.info("Built.");
  recordBuild(projectRoot, stamp);
}

if (import.meta.url === `file://${process.argv[1]}`) build({ ifStale: process.argv.includes("--if-stale") });
