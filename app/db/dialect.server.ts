// The few statements the two engines spell differently, side by side. Everything else in the raw
// SQL is written once (see app/db/postgres-dialect.ts).
import { databaseEngine } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

const onPostgresql = databaseEngine === "postgresql";

/** A JSON object in a text column with one key set to a JSON value: the parameters are the key, then the value's JSON. */
export const setJsonKey = (column: string) =>
  onPostgresql ? `jsonb_set(${column}::jsonb, ARRAY[?], ?::jsonb)::text` : `json_set(${column}, '$."' || ? || '"', json(?))`;

/** The strings of a JSON array (one parameter, however long the list), as a subquery for IN (…). */
export const jsonArrayStrings = (json: string) =>
  onPostgresql ? Prisma.sql`SELECT json_array_elements_text(${json}::json)` : Prisma.sql`SELECT value FROM json_each(${json})`;

/**
 * Takes, if it is free, a lock named by a number (the parameter) and holds it until the transaction
 * ends: PostgreSQL's advisory lock, so transactions that count rows and then write take turns. The
 * row's `locked` says whether it was taken; one that was not waits outside the transaction, holding
 * no connection. On SQLite there is nothing to take (null): a write transaction holds the whole
 * database's write lock from its start.
 */
export const tryLockUntilCommit = onPostgresql ? "SELECT pg_try_advisory_xact_lock(CAST(? AS BIGINT)) AS locked" : null;
