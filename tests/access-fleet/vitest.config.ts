import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The per-minute scenario runs two real minutes of traffic; it prints its figures.
    testTimeout: 200_000,
    hookTimeout: 30_000,
    // One file at a time: both scenarios start a fleet of processes on two cores.
    fileParallelism: false,
    // The JSON report feeds the closing line of CI.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
