// Saving under load: 50 clients posting the real log-exposure form to the built server (signed-in
// sessions, validation, follow-ups and the audit line in one transaction) for a fixed time, with
// autocannon; then the same load against the floor (floor-server.ts). Every acknowledged save is
// looked up in the database afterwards, so a fast answer that lost data would show.
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { signIn } from "../tests/browser/support";
import { launchChromium } from "../tests/support/browser";
import { HttpSession } from "../tests/support/http";
import { copyOfTemplate, migrate, tempDatabase, type TempDatabase } from "../tests/support/database";
import { tsxBin } from "../tests/support/paths";
import { freePort, outputOf, startServer, stopChild, waitForAnswer } from "../tests/support/server";
import { projectRoot } from "./synthetic-organisation";

const run = promisify(execFile);

export type LoadResult = {
  savesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  acknowledged: number;
  /** answers other than the "saved" redirect, and connection errors or time-outs */
  errors: number;
  /** how many answers of each HTTP status; requests that got none, and of those the ones that waited past 10 s */
  answers: Record<string, number>;
  unanswered: number;
  timedOut: number;
  /** acknowledged saves missing from the database afterwards */
  lost: number;
};
export type SavingResult = { app: LoadResult; floor: LoadResult; appToFloor: number; serverPeakRssMb: number };
export type PageWeight = { page: string; javascriptGzipBytes: number; cssGzipBytes: number };

/** A fresh database with the demo organisation, as `npm start` makes it (or a copy of one made already). */
export async function demoDatabase(template?: string): Promise<TempDatabase> {
  if (template) return copyOfTemplate(template, "bench");
  const db = tempDatabase("bench");
  await migrate(db.url);
  await run(tsxBin, ["prisma/seed.ts", "--if-empty"], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } });
  return db;
}

/** The highest resident memory the process has had, from Linux's own count (VmHWM). */
function peakRssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kilobytes / 1024;
}

function exposureForm() {
  const yesterday = new Date(Date.now() - 24 * 3_600_000);
  return {
    "occurred.day": String(yesterday.getUTCDate()),
    "occurred.month": String(yesterday.getUTCMonth() + 1),
    "occurred.year": String(yesterday.getUTCFullYear()),
    incidentType: "distressing_call",
    involvement: "remote",
    informationReached: "3",
    initialDistress: "6",
    partnerAgencies: "ambulance",
    notes: "",
  };
}

/** `connections` clients, each with its own staff path and cookie, posting for `seconds`. */
async function load(url: string, targets: { path: string; cookie: string }[], seconds: number) {
  const form = exposureForm();
  // One request at a time per connection, so the context's key is the one answered.
  const acknowledgedKeys: string[] = [];
  let next = 0;
  const result = await autocannon({
    url,
    connections: targets.length,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (request, context: { target?: number; key?: string }) => {
          context.target ??= next++ % targets.length;
          const target = targets[context.target]!;
          const idempotencyKey = randomUUID();
          context.key = idempotencyKey;
          return {
            ...request,
            path: target.path,
            headers: { "content-type": "application/x-www-form-urlencoded", origin: url, cookie: target.cookie },
            body: new URLSearchParams({ ...form, idempotencyKey }).toString(),
          };
        },
        onResponse: (status, _body, context: { key?: string }) => {
          if (status === 302 && context.key) acknowledgedKeys.push(context.key);
        },
      },
    ],
  });
  return { result, acknowledgedKeys };
}

/** Saves per second and latency from autocannon; errors are any answer but the "saved" redirect. */
function loadResult(loaded: Awaited<ReturnType<typeof load>>, seconds: number, databaseFile: string): LoadResult {
  const acknowledged = loaded.acknowledgedKeys.length;
  const answers = Object.values(loaded.result.statusCodeStats as unknown as Record<string, { count: number }>).reduce((sum, s) => sum + s.count, 0);
  return {
    savesPerSecond: acknowledged / seconds,
    p50Ms: loaded.result.latency.p50,
    p99Ms: loaded.result.latency.p99,
    acknowledged,
    errors: answers - acknowledged + loaded.result.errors,
    answers: Object.fromEntries(Object.entries(loaded.result.statusCodeStats as unknown as Record<string, { count: number }>).map(([status, s]) => [status, s.count])),
    unanswered: loaded.result.errors,
    timedOut: loaded.result.timeouts,
    lost: acknowledged - countPresent(databaseFile, loaded.acknowledgedKeys),
  };
}

function countPresent(file: string, keys: string[]) {
  const db = new Database(file, { readonly: true });
  try {
    const lookup = db.prepare("SELECT 1 FROM Exposure WHERE idempotencyKey = ?").pluck();
    return keys.filter((key) => lookup.get(key)).length;
  } finally {
    db.close();
  }
}

/**
 * Bytes, gzipped, of the scripts and style sheets the browser downloads for a page: Chromium opens
 * it signed in and waits until the network is quiet, so modules loaded on demand (Chart.js on the
 * dashboard) count where they are loaded and nowhere else.
 */
async function pageWeights(baseUrl: string, pages: { path: string; email: string }[]): Promise<PageWeight[]> {
  const browser = await launchChromium();
  try {
    const weights: PageWeight[] = [];
    for (const { path: page, email } of pages) {
      const context = await browser.newContext();
      const signingIn = await context.newPage();
      await signIn(signingIn, baseUrl, email);
      await signingIn.close();
      const tab = await context.newPage();
      const bodies: Promise<{ kind: "javascript" | "css" | null; bytes: number }>[] = [];
      tab.on("response", (response) => {
        const type = response.headers()["content-type"] ?? "";
        const kind = type.includes("javascript") ? "javascript" : type.includes("text/css") ? "css" : null;
        if (kind) bodies.push(response.body().then((body) => ({ kind, bytes: gzipSync(body, { level: 9 }).length })));
      });
      await tab.goto(new URL(page, baseUrl).toString(), { waitUntil: "networkidle" });
      const sizes = await Promise.all(bodies);
      const total = (kind: string) => sizes.filter((s) => s.kind === kind).reduce((sum, s) => sum + s.bytes, 0);
      weights.push({ page, javascriptGzipBytes: total("javascript"), cssGzipBytes: total("css") });
      await context.close();
    }
    return weights;
  } finally {
    await browser.close();
  }
}

export async function benchSaving(options: { seconds: number; connections: number; demoTemplate?: string; pages?: boolean }): Promise<{ saving: SavingResult; pages: PageWeight[] }> {
  const appDb = await demoDatabase(options.demoTemplate);
  // Before the app writes to it: the floor starts from the same demo.
  const floorDb = copyOfTemplate(appDb.file, "bench-floor");
  try {
    // The app, as `npm start` runs it.
    const server = await startServer(appDb.file, {}, [
      ...(process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []),
      ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean),
    ]);
    const url = server.url;
    let app: LoadResult;
    let serverPeakRssMb: number;
    let pages: PageWeight[];
    try {
      const targets = await Promise.all(
        Array.from({ length: options.connections }, async (_, client) => {
          const session = new HttpSession(url);
          await session.signIn("supporter@demo.test");
          const created = await session.post("/staff/new", { reference: `BENCH-${client}-${randomUUID().slice(0, 6)}`, teamId: "demo-team-response-north" });
          if (created.status !== 302) throw new Error(`Adding a staff member answered ${created.status}`);
          return { session, path: `${created.headers.get("location")}/exposures/new`, cookie: session.cookieHeader() };
        }),
      );
      app = loadResult(await load(url, targets, options.seconds), options.seconds, appDb.file);
      serverPeakRssMb = peakRssMb(server.process.pid!);
      pages = options.pages === false ? [] : await pageWeights(url, [
        { path: targets[0]!.path, email: "supporter@demo.test" },
        { path: "/dashboard", email: "manager@demo.test" },
      ]);
    } finally {
      await server.stop();
    }

    // The floor, on its own copy of the same database.
    const floorPort = await freePort();
    const floorUrl = `http://127.0.0.1:${floorPort}`;
    const seeded = new Database(floorDb.file, { readonly: true });
    const staff = seeded.prepare("SELECT id, teamId, organisationId FROM StaffMember LIMIT 1").get() as { id: string; teamId: string; organisationId: string };
    seeded.close();
    const floorServer = spawn(process.execPath, ["--import", "tsx", "bench/floor-server.ts", floorDb.file, String(floorPort), staff.id, staff.teamId, staff.organisationId], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let floor: LoadResult;
    try {
      await waitForAnswer(floorUrl, floorServer, outputOf(floorServer));
      const targets = Array.from({ length: options.connections }, () => ({ path: "/save", cookie: "" }));
      floor = loadResult(await load(floorUrl, targets, options.seconds), options.seconds, floorDb.file);
    } finally {
      await stopChild(floorServer);
    }
    return { saving: { app, floor, appToFloor: app.savesPerSecond / floor.savesPerSecond, serverPeakRssMb }, pages };
  } finally {
    appDb.remove();
    floorDb.remove();
  }
}
