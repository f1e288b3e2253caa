import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { projectRoot, tsxBin } from "./paths";

/** Publishes every due month of a database, as the server does hourly (npm run publish). Usable in a global set-up. */
export async function publishDueFigures(databaseUrl: string) {
  const { stdout } = await promisify(execFile)(tsxBin, ["server/cli/publish.ts"], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl } });
  return stdout;
}
