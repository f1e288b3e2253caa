// Other people's pages while the largest allowed import file is checked: a supporter's caseload,
// asked for one request after another, first on a quiet server, then while an admin's file of
// 100,000 rows is checked in the background. Prints one JSON line when run on its own.
// Usage: node --import tsx bench/import-check-load.ts <csv file>
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { HttpSession } from "../tests/support/http";
import { startServer } from "../tests/support/server";
import { demoDatabase } from "./saves";

export type LatencySummary = { requests: number; p50Ms: number; p95Ms: number; maxMs: number };
export type ImportCheckLoad = { rows: number; checkSeconds: number; quiet: LatencySummary; whileChecking: LatencySummary; failures: typeof failures };

function summary(times: number[]): LatencySummary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { requests: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: Math.round(sorted.at(-1) ?? 0) };
}

/** Answers other than 200, with the first one's page title, so a failure is reported, not hidden in a time. */
const failures: { count: number; first?: string } = { count: 0 };

async function timed(session: HttpSession, path: string) {
  const started = performance.now();
  const response = await session.get(path);
  const body = await response.text();
  if (response.status !== 200) {
    failures.count += 1;
    failures.first ??= `${response.status} ${/<title>([^<]*)/.exec(body)?.[1] ?? body.slice(0, 200)}`;
  }
  return performance.now() - started;
}

export async function benchImportCheckLoad(csvFile: string): Promise<ImportCheckLoad> {
  const database = await demoDatabase();
  const server = await startServer(database.file);
  try {
    const admin = new HttpSession(server.url);
    await admin.signIn("admin@demo.test");
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    const quiet: number[] = [];
    for (let i = 0; i < 100; i += 1) quiet.push(await timed(supporter, "/caseload"));

    const content = readFileSync(csvFile, "utf8");
    const started = performance.now();
    const uploaded = await admin.upload("/admin/import", "file", "largest.csv", content);
    if (uploaded.status !== 302) throw new Error(`The upload answered ${uploaded.status}`);
    const location = uploaded.headers.get("location")!;
    const whileChecking: number[] = [];
    let checking = true;
    // The admin's page is looked at every two seconds, as it refreshes itself.
    const watcher = (async () => {
      while (checking) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        checking = (await (await admin.get(location)).text()).includes("is being checked");
      }
    })();
    while (checking) whileChecking.push(await timed(supporter, "/caseload"));
    await watcher;
    if (failures.count > 0) console.error(server.output().slice(-3000));
    const checkSeconds = Math.round((performance.now() - started) / 100) / 10;
    return { rows: content.trimEnd().split("\n").length - 1, checkSeconds, quiet: summary(quiet), whileChecking: summary(whileChecking), failures };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${server.output().slice(-3000)}`);
  } finally {
    await server.stop();
    database.remove();
  }
}

if (process.argv[1]?.endsWith("import-check-load.ts")) {
  benchImportCheckLoad(process.argv[2]!).then(
    (measured) => console.log(JSON.stringify(measured)),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
