import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { BUILD_OUTPUTS, SOURCE_FILES, SOURCE_FOLDERS, buildIsCurrent, recordBuild, sourceStamp } from "./build-stamp";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A project folder holding every kind of source the build reads. */
function project() {
  root = mkdtempSync(path.join(tmpdir(), "debrief-stamp-"));
  const write = (file: string, text = file) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  for (const file of SOURCE_FILES) write(file);
  for (const folder of SOURCE_FOLDERS) write(`${folder}/index.ts`);
  return write;
}

test("the stamp follows what the build reads, by content: not file times, generated clients, tests or the command-line tools", () => {
  const write = project();
  const before = sourceStamp(root);
  utimesSync(path.join(root, "app/index.ts"), new Date(), new Date(2030, 0, 1));
  write("app/generated/prisma/client.ts");
  write("app/index.test.ts");
  write("public/charts/charts.js");
  write("server/cli/tool.ts");
  expect(sourceStamp(root)).toBe(before);

  write("app/index.ts", "changed");
  const edited = sourceStamp(root);
  expect(edited).not.toBe(before);
  write("package-lock.json", "another dependency");
  expect(sourceStamp(root)).not.toBe(edited);
  write("app/routes/new.tsx");
  expect(sourceStamp(root)).not.toBe(edited);
});

test("a build is current only when every output is there and its stamp is of these sources", () => {
  const write = project();
  const stamp = sourceStamp(root);
  for (const output of BUILD_OUTPUTS) write(output.endsWith(".js") ? output : `${output}/index.html`);
  expect(buildIsCurrent(root)).toBe(false); // never recorded
  recordBuild(root, stamp);
  expect(buildIsCurrent(root)).toBe(true);
  write("server/index.ts", "changed");
  expect(buildIsCurrent(root)).toBe(false);
  recordBuild(root, sourceStamp(root));
  rmSync(path.join(root, "build/start/index.js"));
  expect(buildIsCurrent(root)).toBe(false);
});
