import { defineConfig } from 'tsup'

export default defineConfig({
  // `browser` is what client bundles (and the Edge runtime) resolve: functions that throw a
  // clear "server only" error, so the core and its secrets never reach a browser bundle.
  entry: ['src/index.ts', 'src/browser.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Classes keep their names (`MediRoutesAuthError`, not the bundler's `_MediRoutesAuthError`)
  // in stack traces, `error.constructor.name` and framework logs.
  keepNames: true,
})
