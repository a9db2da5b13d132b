import type * as OpenTelemetryApi from '@opentelemetry/api'

/** The `@opentelemetry/api` module, as the application installed it. */
export type OtelApi = typeof OpenTelemetryApi

/** `null` once a load failed; `undefined` until the first client opts in. */
let loaded: OtelApi | null | undefined

/**
 * `@opentelemetry/api`, required synchronously the first time a client opts in (so its very first
 * token request is traced), then cached for the process. `undefined` when the optional peer is
 * not installed or the runtime has no `require` (an edge runtime): telemetry then stays off.
 */
export function loadOpenTelemetryApi(): OtelApi | undefined {
  if (loaded === undefined) loaded = requireOpenTelemetryApi() ?? null
  return loaded ?? undefined
}

function requireOpenTelemetryApi(): OtelApi | undefined {
  try {
    const nodeModule = globalThis.process?.getBuiltinModule?.('node:module')
    if (nodeModule === undefined) return undefined
    // Resolved from this package, as an `import` here would be: a peer is found next to it.
    const require = nodeModule.createRequire(thisModuleLocation())
    return require('@opentelemetry/api') as OtelApi
  } catch {
    return undefined
  }
}

/** This file in the CommonJS build (`__filename`) or in the ES module build (`import.meta.url`). */
function thisModuleLocation(): string {
  return typeof __filename === 'string' ? __filename : import.meta.url
}
