import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Classes keep their names (`MediRoutesAuthError`, not the bundler's `_MediRoutesAuthError`)
  // in stack traces, `error.constructor.name` and framework logs.
  keepNames: true,
})
