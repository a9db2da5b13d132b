// @ts-check
// Requests per second of a Fastify route calling MediRoutes through the plugin, divided by the
// same route sending a fixed Authorization header with plain fetch. Goal: at least 0.95.
// Usage: pnpm --filter @mediroutes/fastify bench   (after a build; loopback only, about 2.5 min)
//   --rounds N     alternating rounds per route (default 12)
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const require = createRequire(import.meta.url)
/** @type {import('node:child_process').ChildProcess[]} */
const started = []
const SECONDS_PER_RUN = 3
/** A hard cap on each run's requests, whatever the machine's speed. */
const MAX_REQUESTS_PER_RUN = 200_000
const CONNECTIONS = 16
const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '12' } } })
const ROUNDS = Number(args.rounds)
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds expects a whole number >= 1')

/**
 * Starts `args` with node and resolves the URL it prints as "listening on <url>".
 * @param {string[]} args @param {NodeJS.ProcessEnv} [env]
 */
async function startProcess(args, env = process.env) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env })
  started.push(child)
  const url = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = out.match(/listening on (\S+)/)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)))
  })
  return /** @type {string} */ (url)
}

/** @param {string} appUrl @returns {Promise<number>} CPU microseconds the app process has used */
async function appCpu(appUrl) {
  return (await (await fetch(`${appUrl}/cpu`)).json()).micros
}

/** Loads one route; returns requests, seconds and the app's CPU microseconds. @param {string} appUrl @param {string} route @param {number} seconds */
async function load(appUrl, route, seconds) {
  const cpuBefore = await appCpu(appUrl)
  const result = await autocannon({
    url: `${appUrl}/${route}`,
    connections: CONNECTIONS,
    duration: seconds,
    maxOverallRequests: MAX_REQUESTS_PER_RUN,
  })
  const cpu = (await appCpu(appUrl)) - cpuBefore
  const failed = result.non2xx + result.errors + result.timeouts
  if (failed > 0) throw new Error(`/${route}: ${failed} failed requests`)
  return { requests: result.requests.total, seconds: result.duration, cpu }
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const cli = join(dirname(require.resolve('@mediroutes/mock-server/package.json')), 'dist', 'cli.js')
try {
  const emulatorUrl = await startProcess([cli, '--port', '0', '--no-rate-limit'])
  const appUrl = await startProcess([fileURLToPath(new URL('app.mjs', import.meta.url))], {
    ...process.env,
    EMULATOR_URL: emulatorUrl,
  })
  /** @typedef {'plugin' | 'fixed' | 'core'} Route */
  /** @type {Route[]} */
  const routes = ['plugin', 'fixed', 'core']
  for (const route of routes) await load(appUrl, route, 1) // warm-up: JIT, connection pools
  /** @type {Record<Route, Array<{ requests: number, seconds: number, cpu: number }>>} */
  const runs = { plugin: [], fixed: [], core: [] }
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so drift (thermal, other load) hits every route alike.
    const order = round % 2 === 0 ? routes : [...routes].reverse()
    for (const route of order) runs[route].push(await load(appUrl, route, SECONDS_PER_RUN))
  }
  const counters = await (await fetch(`${emulatorUrl}/__mock/counters`)).json()
  const sum = (/** @type {Route} */ route, /** @type {'requests' | 'seconds' | 'cpu'} */ key) =>
    runs[route].reduce((total, run) => total + run[key], 0)
  const rate = (/** @type {Route} */ route) => sum(route, 'requests') / sum(route, 'seconds')
  const cpuPerRequest = (/** @type {Route} */ route) => sum(route, 'cpu') / sum(route, 'requests')
  const pairedRatios = runs.plugin.map(
    (run, i) => run.requests / run.seconds / (runs.fixed[i].requests / runs.fixed[i].seconds),
  )
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  console.log(
    `\n@mediroutes/fastify benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0].toFixed(1)}`,
  )
  console.log(
    `${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS_PER_RUN} s per route\n`,
  )
  console.log('| route | requests per second | app CPU per request (µs) |\n| --- | --- | --- |')
  for (const [route, label] of /** @type {Array<[Route, string]>} */ ([
    ['plugin', 'through the plugin (`request.mediroutes.fetch`)'],
    ['fixed', 'plain `fetch`, fixed header (baseline)'],
    ['core', 'bare core client (`client.fetch`), no plugin'],
  ])) {
    console.log(`| ${label} | ${Math.round(rate(route))} | ${Math.round(cpuPerRequest(route))} |`)
  }
  console.log(
    `\nplugin / baseline, requests per second: ${(rate('plugin') / rate('fixed')).toFixed(3)} (median of rounds ${median(pairedRatios).toFixed(3)}; goal >= 0.95)`,
  )
  console.log(
    `baseline / plugin, CPU per request: ${(cpuPerRequest('fixed') / cpuPerRequest('plugin')).toFixed(3)}; the plugin's own share: ${Math.round(cpuPerRequest('plugin') - cpuPerRequest('core'))} µs per request over the bare client`,
  )
  console.log(
    `emulator: ${counters.passwordGrants} password grants (one per client), ${counters.unauthorized} 401s, ${counters.apiRequests} API requests`,
  )
} finally {
  for (const child of started) child.kill('SIGTERM')
}
