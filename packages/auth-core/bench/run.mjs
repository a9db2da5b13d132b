// @ts-check
// Prints the core's figures: cold stampede, hot path, fetch overhead, expiry under load, memory.
// Usage: pnpm --filter @mediroutes/auth-core bench   (after a build)
import { createMediRoutesClient } from '@mediroutes/auth-core'
import { startEmulatorProcess } from './emulator-process.mjs'

const DEMO = { username: 'demo', password: 'demo-password' }
const json = { 'content-type': 'application/json' }

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

const rows = []
const emulator = await startEmulatorProcess(['--no-rate-limit'])
try {
  // 1. Cold stampede.
  await emulator.control('reset', { method: 'POST' })
  const cold = createMediRoutesClient({ baseUrl: emulator.url, ...DEMO })
  await Promise.all(Array.from({ length: 1000 }, () => cold.fetch('/api/v1/access').then(consume)))
  const afterCold = await emulator.control('counters')
  rows.push([
    'cold stampede: token requests for 1,000 concurrent fetches',
    afterCold.tokenRequests,
    'goal 1',
  ])

  // 2. Hot path: getAccessToken with a cached token, and memory over a million calls.
  global.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const hot = await drive(1, 1_000_000, () => cold.getAccessToken())
  global.gc?.()
  const heapAfter = process.memoryUsage().heapUsed
  rows.push([
    'hot path: getAccessToken() calls per second',
    Math.round(1_000_000 / hot.seconds).toLocaleString('en-US'),
    '',
  ])
  rows.push([
    'heap growth over 1,000,000 calls (MiB)',
    ((heapAfter - heapBefore) / 2 ** 20).toFixed(1),
    global.gc ? 'after gc' : 'run with --expose-gc for an exact figure',
  ])

  // 3. client.fetch vs plain fetch with a fixed header, interleaved rounds in one run.
  const token = await cold.getAccessToken()
  const plain = () =>
    fetch(`${emulator.url}/api/v1/access`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(consume)
  const sdk = () => cold.fetch('/api/v1/access').then(consume)
  // Interleaved rounds, alternating which goes first, measuring wall time and this process's CPU.
  const totals = { plain: { seconds: 0, cpu: 0 }, sdk: { seconds: 0, cpu: 0 } }
  const perRound = 2000
  const rounds = 8
  const measure = async (name, call) => {
    const cpu = process.cpuUsage()
    totals[name].seconds += (await drive(32, perRound, call)).seconds
    const used = process.cpuUsage(cpu)
    totals[name].cpu += used.user + used.system
  }
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      await measure('plain', plain)
      await measure('sdk', sdk)
    } else {
      await measure('sdk', sdk)
      await measure('plain', plain)
    }
  }
  const calls = rounds * perRound
  const plainRate = calls / totals.plain.seconds
  const sdkRate = calls / totals.sdk.seconds
  rows.push(['plain fetch, fixed header: requests per second', Math.round(plainRate), ''])
  rows.push(['client.fetch: requests per second', Math.round(sdkRate), ''])
  rows.push([
    'client.fetch / plain fetch, requests per second',
    (sdkRate / plainRate).toFixed(3),
    'goal >= 0.95',
  ])
  rows.push([
    'client CPU per call: plain fetch / client.fetch (µs)',
    `${(totals.plain.cpu / calls).toFixed(1)} / ${(totals.sdk.cpu / calls).toFixed(1)}`,
    'what the client adds when the app, not the API, is the bottleneck',
  ])
  await cold.close()
} finally {
  emulator.stop()
}

// 4. Expiry under load: 4 s tokens, steady traffic for 14 s.
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

console.log(
  `\n@mediroutes/auth-core benchmark, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
)
console.log('| figure | value | note |\n| --- | --- | --- |')
for (const [name, value, note] of rows) console.log(`| ${name} | ${value} | ${note} |`)
