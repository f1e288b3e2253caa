import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest("browser-import");
});
afterAll(async () => {
  await app?.close();
});

test("an admin uploads a file, maps an unknown team, checks the dry run, imports and undoes it, with no axe violations", async () => {
  const csv = path.join(os.tmpdir(), `debrief-browser-import-${process.pid}.csv`);
  writeFileSync(
    csv,
    [
      "Staff reference,Team,Exposure date,Incident type,Involvement,Initial distress",
      "BRW-0001,Resp North,01/07/2021,Fatality including suicide,attended,6",
      "BRW-0002,Resp North,02/07/2021,violence,attended,4",
      "BRW-0003,Response Team South,31/07/2021,other,remote,14",
    ].join("\n"),
  );
  const context = await app.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await signIn(page, app.server.url, "admin@demo.test");
  await page.goto(`${app.server.url}/admin`);
  await page.getByRole("link", { name: /Import records/ }).click();
  await page.getByRole("heading", { name: "Import records" }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByLabel("Spreadsheet saved as CSV").setInputFiles(csv);
  await page.getByRole("button", { name: "Upload and check" }).click();
  await page.getByRole("heading", { name: "How the columns were understood" }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await expect.poll(() => page.getByTestId("dry-run").textContent()).toContain("1 name still needs a choice above");
  // Nothing can be imported until the name is mapped.
  expect(await page.getByRole("button", { name: /^Import / }).count()).toBe(0);

  await page.getByLabel("Team “Resp North” in the file").selectOption({ label: "Response Team North (Northshire Police)" });
  await page.getByRole("button", { name: "Check again with these choices" }).click();
  await expect.poll(() => page.getByTestId("dry-run").textContent()).toContain("2 rows would be imported");
  await expect.poll(() => page.getByRole("table", { name: "Rejected rows" }).textContent()).toMatch(/4.*Initial distress/);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByLabel(/Import the valid rows only/).check();
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await page.getByText("The records were imported").waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await expect.poll(() => page.getByRole("table", { name: "Earlier imports" }).textContent()).toMatch(/\.csv.*2/);

  await page.getByRole("button", { name: /Undo this import/ }).first().click();
  await page.getByText("The import was undone").waitFor();
  await expect.poll(() => page.getByRole("table", { name: "Earlier imports" }).textContent()).toContain("Undone");
  expect(await accessibilityViolations(page)).toEqual([]);

  // A file of a few megabytes (over the 1 MB any other form may send), sent by the page's script, is taken.
  const larger = path.join(os.tmpdir(), `debrief-browser-import-large-${process.pid}.csv`);
  const note = "Talked it through with the crew after the shift and agreed to meet again next week";
  writeFileSync(
    larger,
    ["Staff reference,Team,Exposure date,Incident type,Involvement,Initial distress,Notes", ...Array.from({ length: 25_000 }, (_, i) => `BRL-${i},Response Team North,01/07/2021,other,attended,4,${note}`)].join("\n"),
  );
  await page.goto(`${app.server.url}/admin/import`);
  await page.getByLabel("Spreadsheet saved as CSV").setInputFiles(larger);
  await page.getByRole("button", { name: "Upload and check" }).click();
  await page.getByRole("heading", { name: /is being checked|How the columns were understood/ }).waitFor({ timeout: 60_000 });
  await page.getByRole("button", { name: /Cancel/ }).first().click();
  await page.getByText("The file was deleted").waitFor();
  await context.close();
});
