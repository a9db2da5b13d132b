import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Each entry self-contained: a shared declaration chunk would hide the public types' links
  // (and their `{@link}`s) from the API reference.
  splitting: false,
  clean: false,
  target: 'node20',
  // Classes keep their names (`MediRoutesAuthError`, not the bundler's `_MediRoutesAuthError`)
  // in stack traces, `error.constructor.name` and framework logs.
  keepNames: true,
}

export default defineConfig([
  { ...shared, entry: ['src/index.ts'] },
  // Not covered by semver: shared by the MediRoutes packages, documented in src/internal.ts.
  { ...shared, entry: ['src/internal.ts'] },
  { ...shared, entry: { webhooks: 'src/webhooks/index.ts' } },
  // Framework-free browser proxy the Next.js, Fastify and Nest adapters mount.
  { ...shared, entry: { proxy: 'src/proxy/index.ts' } },
])
