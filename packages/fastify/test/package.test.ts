import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { emulator } from './helpers.js'

const run = promisify(execFile)
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

interface ConsumerReport {
  entry: string
  status: number
  rider: string
  named: string | number
  exports: string[]
}

async function consume(file: string): Promise<ConsumerReport> {
  const server = await emulator()
  const { stdout } = await run(process.execPath, [here(`consumers/${file}`)], {
    env: { ...process.env, EMULATOR_URL: server.url },
  })
  return JSON.parse(stdout) as ConsumerReport
}

beforeAll(() => {
  if (!existsSync(here('../dist/index.cjs')) || !existsSync(here('../dist/index.js'))) {
    throw new Error('dist/ is missing: run `pnpm --filter @mediroutes/fastify build` first')
  }
})

describe('the built package', () => {
  it('serves an ES module consumer from dist/index.js', async () => {
    const report = await consume('consumer.mjs')
    expect(report.entry).toMatch(/\/dist\/index\.js$/)
    expect(report).toMatchObject({ status: 200, rider: 'LMT-1001', named: 'same' })
    expect(report.exports).toMatchInlineSnapshot(`
      [
        "default",
        "mediRoutes",
        "mediRoutesErrorHandler",
        "mediRoutesProxy",
        "mediRoutesTripWebhooks",
      ]
    `)
  })

  it('serves a CommonJS consumer from dist/index.cjs', async () => {
    const report = await consume('consumer.cjs')
    expect(report.entry).toMatch(/\/dist\/index\.cjs$/)
    expect(report).toMatchObject({ status: 200, rider: 'LMT-1001', named: 200 })
    expect(report.exports).toMatchInlineSnapshot(`
      [
        "default",
        "mediRoutes",
        "mediRoutesErrorHandler",
        "mediRoutesProxy",
        "mediRoutesTripWebhooks",
      ]
    `)
  })

  it.each(['esm', 'cjs'])('types a %s consumer through the built declarations', async (kind) => {
    // Rejects with tsc's diagnostics on stdout when a declaration is wrong or missing.
    await run(process.execPath, [tsc, '-p', here(`consumers/types/tsconfig.${kind}.json`)])
  })
})
