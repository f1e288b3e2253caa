import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Three suites: unit tests beside the code, integration tests against temporary SQLite
// databases, and browser tests driving Chromium against the built server. With TEST_POSTGRES_URL
// (a PostgreSQL server where the user may create databases) a fourth runs the integration tests
// that reach the database only through the app again, on PostgreSQL.
// Every run also writes Vitest's JSON report, from which .ci/run prints its summary line.
/** Integration tests whose databases come from demoDatabase (tests/support/engines.ts), so they run on either engine. */
const ENGINE_NEUTRAL_INTEGRATION_TESTS = [
  "tests/integration/admin.test.ts",
  "tests/integration/case-access-rule.test.ts",
  "tests/integration/case-access.test.ts",
  "tests/integration/create-admin.test.ts",
  "tests/integration/cross-breakdown.test.ts",
  "tests/integration/dashboard.test.ts",
  "tests/integration/durability.test.ts",
  "tests/integration/evaluation.test.ts",
  "tests/integration/fuzz.test.ts",
  "tests/integration/healthz.test.ts",
  "tests/integration/http-security.test.ts",
  "tests/integration/import-equals-forms.test.ts",
  "tests/integration/import-writes.test.ts",
  "tests/integration/import.test.ts",
  "tests/integration/login-security.test.ts",
  "tests/integration/migrations.test.ts",
  "tests/integration/pulse.test.ts",
  "tests/integration/research-export.test.ts",
  "tests/integration/retention.test.ts",
  "tests/integration/route-matrix.test.ts",
  "tests/integration/seed.test.ts",
  "tests/integration/sessions.test.ts",
  "tests/integration/startup.test.ts",
  "tests/integration/subject-rights.test.ts",
  "tests/integration/supporter-records.test.ts",
  "tests/integration/trend-rollups.test.ts",
  "tests/integration/trends.test.ts",
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
      ...(process.env.TEST_POSTGRES_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "integration-postgresql",
                include: ENGINE_NEUTRAL_INTEGRATION_TESTS,
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
