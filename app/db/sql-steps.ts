/**
 * A write of a few raw statements, written once for both engines: a generator yields each
 * statement and is handed its result. On SQLite the statements run synchronously, so a save can
 * share a commit with others (GroupWrite); on PostgreSQL each one awaits the network. The logic
 * between the statements (which team, which follow-ups) is the same code on both.
 *
 *   function* save(): SqlSteps<number> {
 *     const team = yield* get<{ teamId: string }>(`SELECT "teamId" FROM "StaffMember" WHERE "id" = ?`, id);
 *     return yield* insert(`INSERT INTO …`, …);
 *   }
 */
export type SqlStep = { kind: "run" | "insert" | "get" | "all"; sql: string; parameters: unknown[] } | { kind: "pause" };

export type SqlSteps<T> = Generator<SqlStep, T, unknown>;

/** A statement run for its effect. */
export function* run(sql: string, ...parameters: unknown[]): SqlSteps<void> {
  yield { kind: "run", sql, parameters };
}

/** An INSERT into a table with an integer "id": the new row's id. */
export function* insert(sql: string, ...parameters: unknown[]): SqlSteps<number> {
  return Number(yield { kind: "insert", sql, parameters });
}

/** The first row, if any. */
export function* get<Row>(sql: string, ...parameters: unknown[]): SqlSteps<Row | undefined> {
  return (yield { kind: "get", sql, parameters }) as Row | undefined;
}

/** Every row. */
export function* all<Row>(sql: string, ...parameters: unknown[]): SqlSteps<Row[]> {
  return (yield { kind: "all", sql, parameters }) as Row[];
}

/** In a long write, lets the process serve other requests for a moment. Only where the write may wait (BulkWrite). */
export function* pause(): SqlSteps<void> {
  yield { kind: "pause" };
}

/**
 * Runs the steps, handing each statement's result back, and returns what the generator returns.
 * A statement that throws is thrown into the generator, so its `finally` blocks run.
 */
export function driveSteps<T>(steps: SqlSteps<T>, execute: (step: SqlStep) => unknown): T {
  let result = steps.next();
  while (!result.done) {
    let value: unknown;
    try {
      value = execute(result.value);
    } catch (error) {
      result = steps.throw(error);
      continue;
    }
    result = steps.next(value);
  }
  return result.value;
}

/** driveSteps for an engine whose statements return promises. */
export async function driveStepsAsync<T>(steps: SqlSteps<T>, execute: (step: SqlStep) => Promise<unknown>): Promise<T> {
  let result = steps.next();
  while (!result.done) {
    let value: unknown;
    try {
      value = await execute(result.value);
    } catch (error) {
      result = steps.throw(error);
      continue;
    }
    result = steps.next(value);
  }
  return result.value;
}
