import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every scenario races its own, shorter deadline and names the hang; these only catch a broken harness.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    // One file at a time: the scenarios count token requests per second and use short attempt
    // timeouts, which a second file competing for two cores would turn into noise.
    fileParallelism: false,
    // The JSON report feeds the closing line of CI.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
