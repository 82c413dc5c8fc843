import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 20_000,
    // Fails the run when a process a test started is still alive at the end (Linux).
    globalSetup: ["tests/global-setup.ts"],
  },
});
