// Supporters saving exposures as fast as the server answers: the load of the durability tests.
import { randomUUID } from "node:crypto";
import { HttpSession } from "./http";

export type Outcome = { acknowledgedExposures: string[]; acknowledgedStaff: string[]; statuses: Map<number, number>; networkErrors: number };

export const exposureForm = (idempotencyKey: string, note = "") => ({
  idempotencyKey,
  "occurred.day": "12",
  "occurred.month": "11",
  "occurred.year": "2026",
  incidentType: "distressing_call",
  involvement: "remote",
  informationReached: "3",
  initialDistress: "6",
  notes: note,
});

/**
 * `clients` supporters, each signed in with their own session, each adding a staff member and then
 * logging exposures as fast as the server answers, until `stop()` is true. A save counts as
 * acknowledged only when the server answered with its "saved" redirect. Given several servers (of
 * one database), the clients are spread over them in turn.
 */
export async function supportersSaving(urls: string | string[], clients: number, stop: () => boolean): Promise<Outcome> {
  const servers = typeof urls === "string" ? [urls] : urls;
  const outcome: Outcome = { acknowledgedExposures: [], acknowledgedStaff: [], statuses: new Map(), networkErrors: 0 };
  const count = (status: number) => outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1);
  const sessions = await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const session = new HttpSession(servers[client % servers.length]!);
      await session.signIn("supporter@demo.test");
      return session;
    }),
  );
  await Promise.all(
    sessions.map(async (session, client) => {
      try {
        const created = await session.post("/staff/new", { reference: `LOAD-${randomUUID().slice(0, 8)}-${client}`, teamId: "demo-team-response-north" });
        count(created.status);
        if (created.status !== 302) return;
        const staffPath = created.headers.get("location")!;
        outcome.acknowledgedStaff.push(staffPath.split("/").pop()!);
        while (!stop()) {
          const key = randomUUID();
          const response = await session.post(`${staffPath}/exposures/new`, exposureForm(key));
          count(response.status);
          if (response.status === 302 && response.headers.get("location")?.includes("saved=exposure")) outcome.acknowledgedExposures.push(key);
        }
      } catch {
        outcome.networkErrors += 1; // the server went away mid-request: that save was never acknowledged
      }
    }),
  );
  return outcome;
}
