// Whether build/ was made from the sources as they are now, so npm start builds only after a change
// (docs/decisions/0003-quick-quiet-start.md). The stamp is a hash of every file the build reads.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The folders and files the build reads: the app, the server, static files, the locked dependencies, the build's own configuration, and the schemas the Prisma clients are generated from. */
export const SOURCE_FOLDERS = ["app", "server", "public"];
export const SOURCE_FILES = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "remix.config.js",
  "vite.config.ts",
  "vite.server.config.ts",
  "vite.charts.config.ts",
  "prisma/schema.prisma",
  "prisma/postgresql/schema.prisma",
];
/** Not read by the build: the generated clients (their schemas are), the chart script the build writes, and tests. */
const NOT_SOURCES = [/^app\/generated\//, /^public\/charts\//, /^server\/cli\//, /\.test\.tsx?$/];

/** What the build needs to have made, besides the stamp. */
export const BUILD_OUTPUTS = ["build/start/index.js", "build/server/index.js", "build/client", "public/charts/charts.js"];
const STAMP_FILE = "build/source-stamp";

/** A hash of the name and content of every source file of the build. */
export function sourceStamp(root: string): string {
  const inFolders = SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
      .map((name) => path.join(folder, name))
      .filter((file) => statSync(path.join(root, file)).isFile()),
  );
  const files = [...SOURCE_FILES, ...inFolders]
    .map((file) => file.split(path.sep).join("/"))
    .filter((file) => !NOT_SOURCES.some((pattern) => pattern.test(file)))
    .sort();
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(root, file))).update("\0");
  return hash.digest("hex");
}

/** Whether build/ is complete and was made from these very sources. */
export function buildIsCurrent(root: string, stamp = sourceStamp(root)): boolean {
  const stampFile = path.join(root, STAMP_FILE);
  return BUILD_OUTPUTS.every((output) => existsSync(path.join(root, output))) && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === stamp;
}

/** Records that build/ was made from the sources with this stamp (taken before the build began, so an edit made during it still counts as a change). */
export function recordBuild(root: string, stamp: string) {
  writeFileSync(path.join(root, STAMP_FILE), `${stamp}\n`);
}
