import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // The bin build below writes into the same folder at the same time: leave its files alone.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'node20',
    // Classes keep their names (`MediRoutesAuthError`, not the bundler's `_MediRoutesAuthError`)
    // in stack traces, `error.constructor.name` and framework logs.
    keepNames: true,
  },
  {
    // The bin only runs under Node, where ESM is fine; esbuild keeps the shebang.
    entry: ['src/cli.ts'],
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    // Classes keep their names (`MediRoutesAuthError`, not the bundler's `_MediRoutesAuthError`)
    // in stack traces, `error.constructor.name` and framework logs.
    keepNames: true,
  },
])
