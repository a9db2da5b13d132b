// Fleet-scale benchmark: `pnpm --filter @mediroutes/fleet-scale-bench bench` after `pnpm build`.
// Starts its own redis-server (redis-server on PATH, or REDIS_SERVER_BIN) and emulator, runs the
// scenarios for each fleet size, prints the table and writes results/ (JSON, markdown, SVG).
// Options: --sizes 100,250,500 --processes 5 --steady-ms 10000 --interval-ms 100
//          --lifetime-seconds 60 --out results
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { RedisServer } from '@mediroutes/redis-harness'
import { markdownTable, projection, summaryRows, svgChart, textTable } from './report.mjs'
import { API_PATH, runFleetScale } from './run.mjs'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,250,500' },
    processes: { type: 'string', default: '5' },
    'steady-ms': { type: 'string', default: '10000' },
    'interval-ms': { type: 'string', default: '100' },
    'lifetime-seconds': { type: 'string', default: '60' },
    'settle-ms': { type: 'string', default: '1000' },
    out: { type: 'string', default: fileURLToPath(new URL('../results', import.meta.url)) },
  },
})

const options = {
  sizes: values.sizes.split(',').map(Number),
  processes: Number(values.processes),
  steadyMs: Number(values['steady-ms']),
  intervalMs: Number(values['interval-ms']),
  lifetimeSeconds: Number(values['lifetime-seconds']),
  settleMs: Number(values['settle-ms']),
  apiPath: API_PATH,
}

function redisVersion() {
  try {
    const bin = process.env.REDIS_SERVER_BIN || 'redis-server'
    return /v=([\d.]+)/.exec(execFileSync(bin, ['--version']).toString())?.[1] ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

const redis = await RedisServer.start(['--maxclients', '10000'])
let sizes
try {
  sizes = await runFleetScale(redis.url, options, (line) => console.error(line))
} finally {
  await redis.close()
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  redis: redisVersion(),
  platform: `${process.platform} ${process.arch}`,
}
const results = {
  date: new Date().toISOString(),
  machine,
  options,
  sizes,
  projection: projection(sizes),
}
const rows = summaryRows(sizes)
console.log(textTable(rows))
console.log('')
const p = results.projection
console.log(
  `Growth from ${sizes[0].instances} to ${sizes.at(-1).instances} instances: ×${p.growth.instances} instances, ×${p.growth.scriptCalls} Redis script calls/s.`,
)
console.log(
  `${p.instances} instances on one Redis: ${p.scriptCallsPerSecond} script calls/s (${p.commandsPerSecond} commands incl. inside scripts), about ${Math.round(p.redisCpuShareOfOneCore * 100)} % of one Redis core, ${p.connections} connections.`,
)

const out = resolve(values.out)
mkdirSync(out, { recursive: true })
writeFileSync(resolve(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
writeFileSync(resolve(out, 'results.md'), `${markdownTable(rows)}\n`)
writeFileSync(resolve(out, 'chart.svg'), svgChart(sizes))
console.log(`\nWrote ${out}/results.json, results.md and chart.svg`)
