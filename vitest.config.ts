import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three suites: unit tests beside the code, integration tests against temporary SQLite
// databases, and browser tests driving Chromium against the built server. With TEST_POSTGRES_URL
// (a PostgreSQL server where the user may create databases) a fourth runs the integration tests
// again on PostgreSQL: all of them but those about SQLite itself.
// Every run also writes Vitest's JSON report, from which .ci/run prints its summary line.
/** Integration tests of what only SQLite has (its file, backup, write queue, disk-full handling, the benchmark), and the comparison of the two engines, which runs once. */
const SQLITE_ONLY_INTEGRATION_TESTS = [
  "tests/integration/backup.test.ts",
  "tests/integration/bench-smoke.test.ts",
  "tests/integration/disk-full.test.ts",
  "tests/integration/file-modes.test.ts",
  "tests/integration/postgresql.test.ts",
  "tests/integration/provider-schemas.test.ts",
  "tests/integration/write-queue.test.ts",
];

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
          include: ["app/**/*.test.{ts,tsx}", "prisma/**/*.test.ts", "server/**/*.test.ts", "tests/support/**/*.test.ts"],
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
      ...(process.env.TEST_POSTGRES_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "integration-postgresql",
                include: ["tests/integration/**/*.test.ts"],
                exclude: SQLITE_ONLY_INTEGRATION_TESTS,
                env: { TEST_ENGINE: "postgresql" },
                globalSetup: ["tests/support/global-setup-postgresql.ts"],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
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
