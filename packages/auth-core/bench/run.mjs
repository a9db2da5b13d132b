// @ts-check
// Prints the core's figures: cold stampede, hot path, fetch overhead, expiry under load, memory.
// Usage: pnpm --filter @mediroutes/auth-core bench   (after a build)
//   --hot-only        only the hot-path figures (getAccessToken, client.fetch against plain fetch)
//   --rounds N        alternating client.fetch / plain fetch rounds (default 12)
//   --per-round N     requests per contender per round (default 2000)
//   --entry FILE      benchmark another build of the package (to compare two builds on one machine)
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { startEmulatorProcess } from './emulator-process.mjs'

const { values: args } = parseArgs({
  options: {
    'hot-only': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '12' },
    'per-round': { type: 'string', default: '2000' },
    entry: { type: 'string' },
  },
})
/** @type {typeof import('@mediroutes/auth-core')} */
const core = await import(
  args.entry ? new URL(args.entry, `file://${process.cwd()}/`).href : '@mediroutes/auth-core'
)
const { createMediRoutesClient } = core

const DEMO = { username: 'demo', password: 'demo-password' }
const json = { 'content-type': 'application/json' }
const ROUNDS = Number(args.rounds)
const PER_ROUND = Number(args['per-round'])
const CONCURRENCY = 32

/** @param {number} concurrency @param {number} total @param {() => Promise<unknown>} call */
async function drive(concurrency, total, call) {
  let next = 0
  let failed = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++
        try {
          await call()
        } catch {
          failed++
        }
      }
    }),
  )
  return { seconds: (performance.now() - started) / 1000, failed }
}

/** @param {Response} response */
async function consume(response) {
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** @param {number} n */
const count = (n) => Math.round(n).toLocaleString('en-US')
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')

const rows = []
const loadAtStart = load()
// The API budget is off here: plain fetch has none, and the comparison is about the client's own cost.
const hotOptions = { ...DEMO, apiRateLimit: /** @type {const} */ (false) }
const emulator = await startEmulatorProcess(['--no-rate-limit'])
try {
  // 1. Cold stampede.
  await emulator.control('reset', { method: 'POST' })
  const cold = createMediRoutesClient({ baseUrl: emulator.url, ...hotOptions })
  if (!args['hot-only']) {
    await Promise.all(
      Array.from({ length: 1000 }, () => cold.fetch('/api/v1/access').then(consume)),
    )
    const afterCold = await emulator.control('counters')
    rows.push([
      'cold stampede: token requests for 1,000 concurrent fetches',
      afterCold.tokenRequests,
      'goal 1',
    ])
  }

  // 2. Hot path: getAccessToken with a cached token (median of 5 runs), and memory over them.
  await cold.getAccessToken()
  global.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const hotRates = []
  const hotCpuRates = []
  for (let run = 0; run < 5; run++) {
    const cpu = process.cpuUsage()
    const hot = await drive(1, 1_000_000, () => cold.getAccessToken())
    const used = process.cpuUsage(cpu)
    hotRates.push(1_000_000 / hot.seconds)
    hotCpuRates.push(1_000_000 / ((used.user + used.system) / 1e6))
  }
  global.gc?.()
  const heapAfter = process.memoryUsage().heapUsed
  rows.push([
    'hot path: getAccessToken() calls per second (median of 5 x 1,000,000)',
    count(median(hotRates)),
    'goal >= 5,000,000',
  ])
  rows.push([
    'hot path: getAccessToken() calls per CPU second (median; what a loaded machine cannot hide)',
    count(median(hotCpuRates)),
    '',
  ])
  rows.push([
    'heap growth over 5,000,000 calls (MiB)',
    ((heapAfter - heapBefore) / 2 ** 20).toFixed(1),
    global.gc ? 'after gc' : 'run with --expose-gc for an exact figure',
  ])

  // 3. client.fetch vs plain fetch with a fixed header, alternating rounds in one run.
  const token = await cold.getAccessToken()
  const target = `${emulator.url}/api/v1/access`
  const plain = () => fetch(target, { headers: { authorization: `Bearer ${token}` } }).then(consume)
  const sdk = () => cold.fetch('/api/v1/access').then(consume)
  /** @param {() => Promise<void>} call */
  const measure = async (call) => {
    const cpu = process.cpuUsage()
    const { seconds, failed } = await drive(CONCURRENCY, PER_ROUND, call)
    const used = process.cpuUsage(cpu)
    if (failed > 0) throw new Error(`${failed} calls failed`)
    return { rate: PER_ROUND / seconds, cpuPerCall: (used.user + used.system) / PER_ROUND }
  }
  // Warm both paths (JIT, sockets) before anything counts.
  await measure(plain)
  await measure(sdk)
  const rounds = []
  for (let round = 0; round < ROUNDS; round++) {
    let a
    let b
    if (round % 2 === 0) {
      a = await measure(plain)
      b = await measure(sdk)
    } else {
      b = await measure(sdk)
      a = await measure(plain)
    }
    rounds.push({ plain: a, sdk: b })
  }
  console.log(
    `\nclient.fetch against plain fetch, ${ROUNDS} alternating rounds of ${PER_ROUND} requests each, ${CONCURRENCY} concurrent\n`,
  )
  console.log(
    '| round | plain req/s | client req/s | ratio | plain CPU µs/call | client CPU µs/call | added µs |',
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- |')
  rounds.forEach(({ plain: a, sdk: b }, i) => {
    console.log(
      `| ${i + 1} | ${count(a.rate)} | ${count(b.rate)} | ${(b.rate / a.rate).toFixed(3)} | ${a.cpuPerCall.toFixed(1)} | ${b.cpuPerCall.toFixed(1)} | ${(b.cpuPerCall - a.cpuPerCall).toFixed(1)} |`,
    )
  })
  rows.push([
    'plain fetch, fixed header: requests per second (median)',
    count(median(rounds.map((r) => r.plain.rate))),
    '',
  ])
  rows.push([
    'client.fetch: requests per second (median)',
    count(median(rounds.map((r) => r.sdk.rate))),
    '',
  ])
  rows.push([
    'client.fetch / plain fetch, requests per second (median of per-round ratios)',
    median(rounds.map((r) => r.sdk.rate / r.plain.rate)).toFixed(3),
    'goal >= 0.97',
  ])
  rows.push([
    'client CPU per call: plain fetch / client.fetch (µs, medians)',
    `${median(rounds.map((r) => r.plain.cpuPerCall)).toFixed(1)} / ${median(rounds.map((r) => r.sdk.cpuPerCall)).toFixed(1)}`,
    '',
  ])
  rows.push([
    'CPU added by the client per call (µs, median of per-round differences)',
    median(rounds.map((r) => r.sdk.cpuPerCall - r.plain.cpuPerCall)).toFixed(1),
    'goal <= 3',
  ])
  await cold.close()

  // 3b. The client's own CPU per call, without the network: client.fetch over a transport that
  // answers at once, against calling that transport directly. Far less noisy than 3 on a busy
  // machine, but it leaves out what fetch itself spends on the attempt's abort signal.
  /** @type {typeof fetch} */
  const canned = (input, init) =>
    String(input).endsWith('/token')
      ? fetch(input, init)
      : Promise.resolve(new Response(null, { status: 200 }))
  const stubbed = createMediRoutesClient({ baseUrl: emulator.url, ...hotOptions, fetch: canned })
  await stubbed.fetch('/api/v1/access')
  const direct = () => canned(target, { headers: { authorization: `Bearer ${token}` } })
  const viaClient = () => stubbed.fetch('/api/v1/access')
  /** @param {() => Promise<unknown>} call */
  const cpuPerCall = async (call) => {
    const cpu = process.cpuUsage()
    await drive(CONCURRENCY, 200_000, call)
    const used = process.cpuUsage(cpu)
    return (used.user + used.system) / 200_000
  }
  const added = []
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0
    const a = first ? await cpuPerCall(direct) : 0
    const b = await cpuPerCall(viaClient)
    const c = first ? a : await cpuPerCall(direct)
    added.push(b - c)
  }
  rows.push([
    'client CPU added per call with an instant transport (µs, median)',
    median(added).toFixed(2),
    'the client alone, without fetch and the network',
  ])
  await stubbed.close()
} finally {
  emulator.stop()
}

// 4. Expiry under load: 4 s tokens, steady traffic for 14 s.
if (!args['hot-only']) {
  const short = await startEmulatorProcess(['--no-rate-limit', '--token-lifetime', '4'])
  try {
    const client = createMediRoutesClient({ baseUrl: short.url, ...DEMO, refreshWindowMs: 1000 })
    const until = Date.now() + 14_000
    let calls = 0
    let failed = 0
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (Date.now() < until) {
          calls++
          try {
            await consume(await client.fetch('/api/v1/access', { headers: json }))
          } catch {
            failed++
          }
        }
      }),
    )
    const counters = await short.control('counters')
    rows.push(['expiry under load (4 s tokens, 14 s): calls', calls, ''])
    rows.push([
      '  password grants / refresh grants',
      `${counters.passwordGrants} / ${counters.refreshGrants}`,
      'goal 1 / about 4',
    ])
    rows.push(['  401s seen by the emulator', counters.unauthorized, 'goal 0'])
    rows.push(['  failed calls', failed, 'goal 0'])
    await client.close()
  } finally {
    short.stop()
  }
}

console.log(
  `\n@mediroutes/auth-core benchmark, Node ${process.version}, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}, load average ${loadAtStart} at start, ${load()} at end\n`,
)
console.log('| figure | value | note |\n| --- | --- | --- |')
for (const [name, value, note] of rows) console.log(`| ${name} | ${value} | ${note} |`)
