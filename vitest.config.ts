import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three suites: unit tests beside the code, integration tests against temporary SQLite
// databases, and browser tests driving Chromium against the built server.
// Every run also writes Vitest's JSON report, from which .ci/run prints its summary line.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Fixed test secrets, so no test generates or reads the ones kept in data/.
    env: {
      SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
      ENCRYPTION_KEY: "0123456789abcdef".repeat(4),
      DATA_DIR: "/tmp/debrief-test-data",
    },
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.{ts,tsx}", "prisma/**/*.test.ts", "server/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time on a two-core machine.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
