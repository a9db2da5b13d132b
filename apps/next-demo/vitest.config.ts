import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // `next build` runs once here, only when the app or the packages changed since the last one.
    globalSetup: ['test/global-setup.ts'],
    // Each file starts its own `next start`; one at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The JSON report feeds the closing line of CI.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
