import { setImmediate as nextTurn } from "node:timers/promises";
import type Database from "better-sqlite3";
import { driveSteps, driveStepsAsync, type SqlStep, type SqlSteps } from "~/db/sql-steps";

const statementsByConnection = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The statement, prepared once per connection. */
export function preparedStatement(db: Database.Database, sql: string) {
  let statements = statementsByConnection.get(db);
  if (!statements) {
    statements = new Map();
    statementsByConnection.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

function executeStep(db: Database.Database, step: Exclude<SqlStep, { kind: "pause" }>): unknown {
  const statement = preparedStatement(db, step.sql);
  switch (step.kind) {
    case "insert":
      return Number(statement.run(...step.parameters).lastInsertRowid);
    case "get":
      return statement.get(...step.parameters);
    case "all":
      return statement.all(...step.parameters);
    case "run":
      statement.run(...step.parameters);
      return undefined;
  }
}

/** The steps, synchronously, on the connection: inside a better-sqlite3 transaction (GroupWrite). */
export function runStepsOnSqlite<T>(db: Database.Database, steps: SqlSteps<T>): T {
  return driveSteps(steps, (step) => {
    if (step.kind === "pause") throw new Error("A write that shares its commit cannot pause");
    return executeStep(db, step);
  });
}

/** The steps in one transaction of their own (BulkWrite's connection), pausing where they ask to. */
export async function runStepsInSqliteTransaction<T>(db: Database.Database, steps: SqlSteps<T>): Promise<T> {
  db.exec("BEGIN IMMEDIATE");
  try {
    const value = await driveStepsAsync(steps, async (step) => (step.kind === "pause" ? nextTurn() : executeStep(db, step)));
    db.exec("COMMIT");
    return value;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
