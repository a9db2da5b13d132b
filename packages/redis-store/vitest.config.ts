import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most of the time is spent waiting (child processes, lease expiry, Redis restarts), so two
    // files at a time halve the run on two cores; the tests are written to hold on a busy machine.
    maxWorkers: 2,
    // The JSON report feeds the closing line of CI.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
