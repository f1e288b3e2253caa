import { execFile } from "node:child_process";
import { expect } from "vitest";
import { projectRoot, tsxBin } from "./paths";

export type CommandResult = { code: number; stdout: string; stderr: string };

/**
 * Runs one of Debrief's commands as its npm script does (`tsx <script>`), with `env` over the
 * test's environment (an undefined value removes the variable). Resolves whatever its exit code.
 */
export function runScript(script: string, args: string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  return new Promise((resolve) => {
    execFile(tsxBin, [script, ...args], { cwd: projectRoot, env: merged }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A command refused in one plain line (its name, then the reason), with no stack trace, and a non-zero exit code: resolves to that line. */
export function expectOneLineRefusal(result: CommandResult, name: string): string {
  expect(result.code, result.stderr).not.toBe(0);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]!.startsWith(`${name}: `), result.stderr).toBe(true);
  return lines[0]!;
}
