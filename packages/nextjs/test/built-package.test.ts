import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DEMO_USER, emulator } from './helpers.js'

const PACKAGE_DIR = join(import.meta.dirname, '..')
const DIST = join(PACKAGE_DIR, 'dist')
const run = promisify(execFile)

/** Runs `source` as an ES module in a fresh Node from the package folder (self-reference resolves the package). */
async function node(source: string, args: string[] = [], env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, [...args, '--input-type=module', '-e', source], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, ...env },
  })
  return stdout.trim()
}

const PUBLIC_RUNTIME_EXPORTS = [
  'MediRoutesApiError',
  'callMediRoutes',
  'closeMediRoutesClient',
  'createMediRoutes',
  'createMediRoutesHandlers',
  'createMediRoutesTripWebhooks',
  'fetchMediRoutesJson',
  'getMediRoutesClient',
  'getMediRoutesProvider',
  'isMediRoutesApiError',
  'mediRoutesAction',
  'toMediRoutesActionError',
]

describe('the built package', () => {
  it('exposes the same public API from ESM, CommonJS and the browser stub', async () => {
    const esm = await import(join(DIST, 'index.js'))
    const cjs = createRequire(import.meta.url)(join(DIST, 'index.cjs'))
    const browserEsm = await import(join(DIST, 'browser.js'))
    const browserCjs = createRequire(import.meta.url)(join(DIST, 'browser.cjs'))
    for (const module of [esm, cjs, browserEsm, browserCjs]) {
      expect(Object.keys(module).sort()).toEqual(PUBLIC_RUNTIME_EXPORTS)
    }
  })

  it('declares the same types for both formats', async () => {
    const esm = await readFile(join(DIST, 'index.d.ts'), 'utf8')
    const cjs = await readFile(join(DIST, 'index.d.cts'), 'utf8')
    const names = (text: string) =>
      [...text.matchAll(/export (?:type )?\{([^}]*)\}/g)]
        .flatMap((match) => match[1]!.split(','))
        .map(
          (name) =>
            name
              .trim()
              .replace(/^type /, '')
              .split(' as ')
              .at(-1)!,
        )
        .filter(Boolean)
        .sort()
    expect(names(esm)).toEqual(names(cjs))
    expect(names(esm)).toMatchInlineSnapshot(`
      [
        "GetMediRoutesClientOptions",
        "MediRoutes",
        "MediRoutesActionError",
        "MediRoutesActionErrorCode",
        "MediRoutesActionOptions",
        "MediRoutesAllowRule",
        "MediRoutesApiError",
        "MediRoutesAuthorize",
        "MediRoutesAuthorizeTarget",
        "MediRoutesClient",
        "MediRoutesHandlers",
        "MediRoutesHandlersOptions",
        "MediRoutesOptions",
        "MediRoutesProviderClient",
        "MediRoutesProxyMethod",
        "MediRoutesProxyProvider",
        "MediRoutesRequestInit",
        "MediRoutesResult",
        "MediRoutesRouteContext",
        "MediRoutesRouteHandler",
        "MediRoutesServerOnlyError",
        "MediRoutesTripWebhooks",
        "MediRoutesTripWebhooksOptions",
        "TokenStatus",
        "TripChange",
        "TripWebhookFailure",
        "WebhookTrip",
        "callMediRoutes",
        "closeMediRoutesClient",
        "createMediRoutes",
        "createMediRoutesHandlers",
        "createMediRoutesTripWebhooks",
        "fetchMediRoutesJson",
        "getMediRoutesClient",
        "getMediRoutesProvider",
        "isMediRoutesApiError",
        "mediRoutesAction",
        "toMediRoutesActionError",
      ]
    `)
  })

  it('gives client bundles and the Edge runtime a stub that imports neither the core nor Node', async () => {
    // CommonJS: no require() at all. ESM: imports of its own chunks only, none of which imports.
    expect(await readFile(join(DIST, 'browser.cjs'), 'utf8')).not.toMatch(/require\(/)
    const esm = await readFile(join(DIST, 'browser.js'), 'utf8')
    const imports = [...esm.matchAll(/from "([^"]+)"/g)].map((match) => match[1]!)
    expect(imports.length).toBeGreaterThan(0)
    for (const specifier of imports) {
      expect(specifier).toMatch(/^\.\/chunk-[\w-]+\.js$/)
      expect(await readFile(join(DIST, specifier), 'utf8')).not.toMatch(/\bfrom "|import\(/)
    }
  })

  it.each(['browser', 'edge-light'])(
    'resolves the stub under the %s condition, whose helpers throw server_only when called',
    async (condition) => {
      const out = await node(
        `import * as m from '@mediroutes/nextjs'
         const codes = []
         for (const name of ['getMediRoutesClient', 'createMediRoutesHandlers', 'mediRoutesAction', 'callMediRoutes']) {
           try { m[name]() } catch (e) { codes.push(e.code + ':' + /server only/.test(e.message)) }
         }
         console.log(JSON.stringify({ codes, api: m.isMediRoutesApiError(new m.MediRoutesApiError(404, 'x')) }))`,
        [`--conditions=${condition}`],
      )
      expect(JSON.parse(out)).toEqual({ codes: Array(4).fill('server_only:true'), api: true })
    },
  )

  describe('consumers against the emulator', () => {
    it.each([
      ['ESM', `import * as m from '@mediroutes/nextjs'`],
      [
        'CommonJS',
        `import { createRequire } from 'node:module'; const m = createRequire(process.cwd() + '/')('@mediroutes/nextjs')`,
      ],
    ])('%s: proxies a request and runs an action with the shared client', async (_kind, load) => {
      const { url } = await emulator()
      const out = await node(
        `${load}
         const provider = 'Lakeside Medical Transport'
         const riders = '/api/v1/riders/getByRiderId?rider_id='
         const { GET } = m.createMediRoutesHandlers({ allow: ['/api/v1/riders'], provider })
         const response = await GET(new Request('http://app/api/mediroutes' + riders + 'LMT-1001'))
         const action = m.mediRoutesAction(async () => (await m.fetchMediRoutesJson(riders + 'LMT-1002', { provider })).Data[0].last_name)
         const result = await action()
         const missing = await m.callMediRoutes('/api/v1/singletrip?trip_id=LMT-19990101-99', { provider })
         console.log(JSON.stringify({ status: response.status, body: await response.json(), result, missing: missing.error.code }))
         await m.closeMediRoutesClient()`,
        [],
        {
          MEDIROUTES_BASE_URL: url,
          MEDIROUTES_USERNAME: DEMO_USER.username,
          MEDIROUTES_PASSWORD: DEMO_USER.password,
        },
      )
      expect(JSON.parse(out)).toEqual({
        status: 200,
        body: { Data: [expect.objectContaining({ rider_id: 'LMT-1001' })] },
        result: { ok: true, data: 'Oyelaran' },
        missing: 'api_error',
      })
    })

    it('shares one client between the ESM and the CommonJS copy in one process', async () => {
      const { url } = await emulator()
      const out = await node(
        `import { createRequire } from 'node:module'
         import * as esm from '@mediroutes/nextjs'
         const cjs = createRequire(process.cwd() + '/')('@mediroutes/nextjs')
         console.log(esm.getMediRoutesClient === cjs.getMediRoutesClient, esm.getMediRoutesClient() === cjs.getMediRoutesClient())
         await esm.closeMediRoutesClient()`,
        [],
        {
          MEDIROUTES_BASE_URL: url,
          MEDIROUTES_USERNAME: DEMO_USER.username,
          MEDIROUTES_PASSWORD: DEMO_USER.password,
        },
      )
      expect(out).toBe('false true')
    })
  })
})
