import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const stylesDir = path.dirname(new URL(import.meta.url).pathname);
const appDir = path.join(stylesDir, "..");
const componentsDir = path.join(appDir, "..", "node_modules", "govuk-frontend", "dist", "govuk", "components");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(tsx?|scss)$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("the govuk-frontend components in the style sheet", () => {
  it("include every component whose classes the app uses, so none is left unstyled", () => {
    const components = readdirSync(componentsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const imported = readFileSync(path.join(stylesDir, "_govuk.scss"), "utf8");
    const used = new Set<string>();
    for (const file of sourceFiles(appDir)) {
      const text = readFileSync(file, "utf8");
      for (const component of components) if (new RegExp(`govuk-${component}(?:--|(?![a-z-]))`).test(text)) used.add(component);
    }
    const missing = [...used].filter((component) => !imported.includes(`components/${component}/index`));
    expect(used.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
