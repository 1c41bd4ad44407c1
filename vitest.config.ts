import { defineConfig } from "vitest/config";

/**
 * Two projects: every suite on SQLite (the embedded default), and the repository, outbox, list import and
 * end-to-end suites again on a real PostgreSQL server (started by test/helpers/global-setup.ts).
 */
export default defineConfig({
  test: {
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "sqlite", include: ["test/**/*.test.ts"], exclude: ["test/**/*.pg.test.ts"] } },
      {
        extends: true,
        test: {
          name: "postgresql",
          include: ["test/e2e/**/*.test.ts", "test/integration/outbox.test.ts", "test/integration/import-lists.test.ts", "test/integration/tenants.test.ts", "test/**/*.pg.test.ts"],
          exclude: ["test/e2e/processes.test.ts", "test/e2e/mail-crash.test.ts"],
          env: { TEST_DATABASE: "postgresql" },
        },
      },
    ],
  },
});
