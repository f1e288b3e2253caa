import { databaseIsQueryable } from "~/db.server";

/** Liveness and database check for load balancers and monitoring; no authentication, no data. */
export async function loader() {
  const ok = await databaseIsQueryable();
  return new Response(JSON.stringify({ status: ok ? "ok" : "error", db: ok ? "ok" : "error" }), {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}
