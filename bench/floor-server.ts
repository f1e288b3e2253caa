// The floor for the saving benchmark: a bare node:http server that inserts the same exposure row
// with raw better-sqlite3 (WAL, synchronous=FULL, so every answer follows a durable commit) and
// answers 302, with nothing else: no sessions, no validation, no follow-ups, no audit.
// Usage: tsx bench/floor-server.ts <db file> <port> <staff member id> <team id> <organisation id>
import { createServer } from "node:http";
import Database from "better-sqlite3";

const [file, port, staffMemberId, teamId, organisationId] = process.argv.slice(2) as [string, string, string, string, string];
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
const insert = db.prepare(
  `INSERT INTO Exposure (organisationId, staffMemberId, teamId, occurredAt, occurredMonth, occurredWeek, incidentType, involvement, informationReached, initialDistress, idempotencyKey, createdAt, updatedAt)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

createServer((request, response) => {
  if (request.method !== "POST") return void response.end("ok");
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const now = new Date().toISOString();
    insert.run(
      organisationId,
      staffMemberId,
      teamId,
      "2026-11-12T12:00:00.000Z",
      "2026-11",
      "2026-11-09",
      form.get("incidentType"),
      form.get("involvement"),
      Number(form.get("informationReached")),
      Number(form.get("initialDistress")),
      form.get("idempotencyKey"),
      now,
      now,
    );
    response.writeHead(302, { Location: `/staff/${staffMemberId}?saved=exposure` }).end();
  });
}).listen(Number(port), "127.0.0.1", () => process.stdout.write("listening\n"));
