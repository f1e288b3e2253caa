// One import file must not take the service down: a file over a limit is refused as it streams
// in, with nothing stored; a file within them is checked once, in the background, and its page
// reads that result; while the largest allowed file is checked, other people's pages answer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { IMPORT_LIMITS } from "~/domain/import-limits";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";

const HEADER = "Staff reference,Team,Exposure date,Incident type,Involvement,Initial distress,Notes";
const row = (i: number, note = "") => `LIM-${String(i).padStart(6, "0")},Response Team North,${(i % 28) + 1}/02/2022,distressing_call,remote,${i % 11},${note}`;
const file = (rows: string[]) => `${HEADER}\n${rows.join("\n")}\n`;
/**
 * The largest file allowed: as many rows as the limit, each with a note (screened for identifiers
 * like any), about 17 MB: its check takes seconds even on a fast machine.
 */
const NOTE = "Talked through the call afterwards with the crew and agreed to meet again next week with the watch manager present";
const largest = () => file(Array.from({ length: IMPORT_LIMITS.rows }, (_, i) => row(i, NOTE)));

describe("import limits", () => {
  let demo: DemoWithServer;
  let admin: HttpSession;
  const uploads = () => demo.sql.value<number>("SELECT count(*) n FROM ImportUpload");

  beforeAll(async () => {
    demo = await demoWithServer("import-limits");
    admin = new HttpSession(demo.server.url);
    await admin.signIn("admin@demo.test");
  }, 60_000);
  afterAll(async () => {
    await demo?.stop();
  });

  /** Uploads a file that must be refused: the reason beside the file field (and in the error summary), nothing kept. */
  async function refused(content: string, status: number) {
    const response = await admin.upload("/admin/import", "file", "hostile.csv", content);
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toContain("govuk-error-summary");
    const beside = html.match(/<p class="govuk-error-message" id="file-error">([\s\S]*?)<\/p>/)?.[1];
    expect(await uploads()).toBe(0);
    return pageText(beside ?? "").trim();
  }

  test("a hostile file is refused plainly as it streams in, and nothing of it is stored", async () => {
    // About ten million one-character rows took the service down; one row over the limit is refused.
    expect(await refused(`a\n${"x\n".repeat(IMPORT_LIMITS.rows + 1)}`, 413)).toBe("Error: The file has more than 100,000 rows: split it into smaller files");
    expect(await refused(file([row(1, "y".repeat(IMPORT_LIMITS.cellCharacters + 1))]), 413)).toBe(
      "Error: Line 2 has a cell of more than 2,000 characters: no column Debrief reads holds that much",
    );
    const wide = Array.from({ length: IMPORT_LIMITS.columns + 1 }, (_, i) => `Column ${i}`).join(",");
    expect(await refused(`${wide}\n${"1,".repeat(IMPORT_LIMITS.columns)}1\n`, 413)).toMatch(/^Error: The file has a row of more than 50 columns/);
    // Within the rows, cells and columns, but larger than the limit: rows with long notes.
    const note = "n".repeat(1000);
    const rowsOverBytes = Math.ceil(IMPORT_LIMITS.bytes / 1000) + 10;
    expect(await refused(file(Array.from({ length: rowsOverBytes }, (_, i) => row(i, note))), 413)).toBe("Error: The file is larger than 20 MB: split it into smaller files");
    // The limits are on the page, beside the file field.
    expect(pageText(await (await admin.get("/admin/import")).text())).toContain("Up to 20 MB, 100,000 rows and 50 columns, with at most 2,000 characters in a cell.");
  }, 120_000);

  test("the upload's page reads the check made once in the background: it does not check the file again on each visit", async () => {
    const uploaded = await admin.upload("/admin/import", "file", "small.csv", file([row(1), row(2)]));
    expect(uploaded.status).toBe(302);
    const location = uploaded.headers.get("location")!;
    expect(pageText(await (await admin.get(location)).text())).toContain("2 rows would be imported");
    // The stored file itself can no longer be read: a visit that checked it again would fail.
    await demo.sql.run("UPDATE ImportUpload SET contentEncrypted = 'v1:unreadable' WHERE id = ?", location.split("/").at(-1)!);
    for (let visit = 0; visit < 3; visit += 1) {
      const page = await admin.get(location);
      expect(page.status).toBe(200);
      expect(pageText(await page.text())).toContain("2 rows would be imported");
    }
    expect((await admin.post(location, { intent: "cancel" })).status).toBe(302);
    expect(await uploads()).toBe(0);
  });

  test("while the largest allowed file is checked, another user's caseload answers; the page says it is being checked, refreshes, then shows the result; files still arriving count against the organisation's limit", async () => {
    const supporter = new HttpSession(demo.server.url);
    await supporter.signIn("supporter@demo.test");
    const content = largest();
    const uploaded = await admin.upload("/admin/import", "file", "largest.csv", content);
    expect(uploaded.status).toBe(302);
    const location = uploaded.headers.get("location")!;

    const checking = await admin.get(location);
    expect(checking.status).toBe(200);
    const html = await checking.text();
    expect(pageText(html)).toContain("largest.csv is being checked");
    // Without JavaScript the page refreshes itself, and a link looks again.
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="2"/></noscript>');
    expect(pageText(html)).toContain("Check again now");

    // Another user's page answers while the check runs (the bench measures how fast).
    const caseload = await supporter.get("/caseload");
    expect(caseload.status).toBe(200);
    expect(pageText(await caseload.text())).toContain("My caseload");
    expect(pageText(await (await admin.get(location)).text())).toContain("is being checked");

    let page = "";
    const deadline = Date.now() + 240_000;
    while (!page.includes("would be imported") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      page = pageText(await (await admin.get(location)).text());
    }
    expect(page).toContain("100,000 rows would be imported");
    expect(pageText(await (await admin.get("/admin/import")).text())).not.toContain("Being uploaded, checked or imported now");

    // Two files of one organisation still arriving (sent slowly): the import page counts them, and a
    // third is refused before it is read.
    const arriving = [admin.startSlowUpload("/admin/import", "file", "second.csv", file([row(3), row(4)])), admin.startSlowUpload("/admin/import", "file", "third.csv", file([row(5)]))];
    const underWay = async () => pageText(await (await admin.get("/admin/import")).text()).includes("Being uploaded, checked or imported now: 2 of the 2 files your organisation can have under way at once.");
    for (let tries = 0; !(await underWay()) && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await underWay()).toBe(true);
    const fourth = await admin.upload("/admin/import", "file", "fourth.csv", file([row(2)]));
    expect(fourth.status).toBe(429);
    expect(pageText(await fourth.text())).toContain("2 files of your organisation are being uploaded, checked or imported: upload this one when one of them has finished");
    expect(await uploads()).toBe(1);
    // Nor can new choices for a file already checked queue another check of it meanwhile.
    const rechecked = pageText(await (await admin.get(`${location}?${new URLSearchParams({ "team:Nowhere Team": "zz" })}`)).text());
    expect(rechecked).toContain("largest.csv waits to be checked");
    expect(rechecked).toContain("Your organisation already has 2 files being uploaded, checked or imported");
    expect(await underWay()).toBe(true);
    // Both slow files are taken once sent, and their places given back: the next upload is accepted.
    for (const slow of arriving) {
      const response = await slow.finish();
      expect(response.status).toBe(302);
      expect((await admin.post(response.location.replace(demo.server.url, ""), { intent: "cancel" })).status).toBe(302);
    }
    const fifth = await admin.upload("/admin/import", "file", "fifth.csv", file([row(6)]));
    expect(fifth.status).toBe(302);
    expect((await admin.post(fifth.headers.get("location")!, { intent: "cancel" })).status).toBe(302);
    expect(await uploads()).toBe(1);
  }, 300_000);

  test("an organisation keeps at most 60 MB of files waiting to be imported: the next is refused plainly, and the page lists those waiting", async () => {
    // As if three of the largest files were waiting (the stored text is base64: 4 characters for 3 bytes).
    await demo.sql.run(
      "INSERT INTO ImportUpload (id, organisationId, fileName, contentEncrypted, createdAt) VALUES (?, ?, ?, ?, ?)",
      "kept-upload",
      await demo.sql.value<string>("SELECT organisationId FROM User WHERE email = ?", "admin@demo.test"),
      "kept.csv",
      "x".repeat((60 * 1024 * 1024 * 4) / 3),
      new Date().toISOString().replace("Z", "+00:00"),
    );
    const page = pageText(await (await admin.get("/admin/import")).text());
    expect(page).toContain("Files waiting to be imported");
    expect(page).toMatch(/kept\.csv\s*, uploaded/);
    const refusedUpload = await admin.upload("/admin/import", "file", "one-more.csv", file([row(7)]));
    expect(refusedUpload.status).toBe(413);
    expect(pageText(await refusedUpload.text())).toContain("Your organisation's files waiting to be imported already take up the 60 MB they may: import or cancel one of them (listed below) first");
    expect((await admin.post("/admin/import/kept-upload", { intent: "cancel" })).status).toBe(302);
    const accepted = await admin.upload("/admin/import", "file", "one-more.csv", file([row(7)]));
    expect(accepted.status).toBe(302);
    expect((await admin.post(accepted.headers.get("location")!, { intent: "cancel" })).status).toBe(302);
  }, 120_000);
});
