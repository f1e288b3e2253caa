import { existsSync } from "node:fs";
import path from "node:path";

/** The nearest folder at or above `start` holding a package.json: the project the server runs from. */
export function projectRootAbove(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "package.json"))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`No package.json at or above ${start}`);
  }
}
