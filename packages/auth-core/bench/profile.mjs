// @ts-check
// Where client.fetch's CPU goes: a CPU profile of the client over a transport that answers at once,
// and, over the network, what fetch itself spends on a request signal.
// Usage: pnpm --filter @mediroutes/auth-core bench:profile   (after a build)
//   --rounds N     alternating rounds for the network part (default 12)
import { Session } from 'node:inspector/promises'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createMediRoutesClient } from '@mediroutes/auth-core'
import { startEmulatorProcess } from './emulator-process.mjs'

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '12' } } })
const ROUNDS = Number(args.rounds)
const CONCURRENCY = 32
const INSTANT_CALLS = 300_000
const NETWORK_CALLS = 2_000

/** @param {number} total @param {() => Promise<unknown>} call */
async function drive(total, call) {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        next++
        await call()
      }
    }),
  )
}

/** @param {number} total @param {() => Promise<unknown>} call CPU µs per call */
async function cpuPerCall(total, call) {
  const before = process.cpuUsage()
  await drive(total, call)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / total
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** @param {Response} response */
async function consume(response) {
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
}

/**
 * Names a profile frame by what it belongs to, so the table reads as "the client's own code",
 * "AbortController", "promises" rather than as hundreds of functions.
 * @param {{ functionName: string, url: string }} frame
 */
function owner(frame) {
  const name = frame.functionName || '(anonymous)'
  if (frame.url.includes('/auth-core/dist/')) return `client: ${name}`
  if (/abort|eventtarget|event_target/i.test(frame.url + name))
    return `AbortController/AbortSignal: ${name}`
  if (name === '(garbage collector)') return 'garbage collector'
  if (name === '(program)' || name === '(idle)') return 'V8 and Node outside JavaScript'
  if (frame.url === '' && /promise|then|await|resolve/i.test(name)) return `promises: ${name}`
  return `other: ${name}${frame.url ? ` (${frame.url.replace(/^.*\/(?=[^/]+$)/, '')})` : ''}`
}

/** @param {any} profile @param {number} calls @param {number} cpuMicros */
function tableOf(profile, calls, cpuMicros) {
  /** @type {Map<number, any>} */
  const byId = new Map(profile.nodes.map((/** @type {any} */ node) => [node.id, node]))
  /** @type {Map<string, number>} */
  const self = new Map()
  for (const id of profile.samples) {
    const key = owner(byId.get(id).callFrame)
    self.set(key, (self.get(key) ?? 0) + 1)
  }
  const total = profile.samples.length
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 18)
    .map(([key, samples]) => [key, ((samples / total) * cpuMicros) / calls])
}

const emulator = await startEmulatorProcess(['--no-rate-limit'])
const loadAtStart = loadavg()
  .map((n) => n.toFixed(2))
  .join(', ')
try {
  const options = {
    baseUrl: emulator.url,
    username: 'demo',
    password: 'demo-password',
    apiRateLimit: /** @type {const} */ (false),
  }
  // 1. The client alone: a transport that answers at once, profiled.
  /** @type {typeof fetch} */
  const instant = (input, init) =>
    String(input).endsWith('/token')
      ? fetch(input, init)
      : Promise.resolve(new Response(null, { status: 200 }))
  const stubbed = createMediRoutesClient({ ...options, fetch: instant })
  const viaClient = () => stubbed.fetch('/api/v1/access')
  await drive(50_000, viaClient)
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 50 })
  await session.post('Profiler.start')
  const instantCpu = await cpuPerCall(INSTANT_CALLS, viaClient)
  const { profile } = await session.post('Profiler.stop')
  session.disconnect()
  await stubbed.close()
  const directCpu = await cpuPerCall(INSTANT_CALLS, () =>
    instant(`${emulator.url}/api/v1/access`, { headers: { authorization: 'Bearer x' } }),
  )

  console.log(
    `\nclient.fetch over an instant transport: ${instantCpu.toFixed(2)} µs of CPU per call (profiled), the transport alone ${directCpu.toFixed(2)} µs\n`,
  )
  console.log('| where (self time) | µs per call |\n| --- | --- |')
  for (const [key, micros] of tableOf(profile, INSTANT_CALLS, instantCpu * INSTANT_CALLS)) {
    console.log(`| ${key} | ${micros.toFixed(2)} |`)
  }

  // 2. Over the network: what fetch spends on the attempt's signal, beside the client's total.
  const client = createMediRoutesClient(options)
  const token = await client.getAccessToken()
  const target = `${emulator.url}/api/v1/access`
  const headers = { authorization: `Bearer ${token}` }
  const contenders = {
    'plain fetch': () => fetch(target, { headers }).then(consume),
    'plain fetch + a fresh AbortController signal': () =>
      fetch(target, { headers, signal: new AbortController().signal }).then(consume),
    'client.fetch': () => client.fetch('/api/v1/access').then(consume),
  }
  const names = /** @type {(keyof typeof contenders)[]} */ (Object.keys(contenders))
  for (const name of names) await drive(NETWORK_CALLS, contenders[name])
  /** @type {Record<string, number[]>} */
  const cpu = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse()
    for (const name of order) cpu[name].push(await cpuPerCall(NETWORK_CALLS, contenders[name]))
  }
  await client.close()
  console.log(
    `\nover the network, ${ROUNDS} alternating rounds of ${NETWORK_CALLS} requests, ${CONCURRENCY} concurrent\n`,
  )
  console.log('| contender | CPU µs per call (median) | over plain fetch |\n| --- | --- | --- |')
  const plain = median(cpu['plain fetch'])
  for (const name of names) {
    const value = median(cpu[name])
    console.log(`| ${name} | ${value.toFixed(1)} | ${(value - plain).toFixed(1)} |`)
  }
} finally {
  emulator.stop()
}
console.log(
  `\nNode ${process.version}, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}, load average ${loadAtStart} at start, ${loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')} at end`,
)
