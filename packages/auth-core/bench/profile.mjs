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
const PROFILED_NETWORK_CALLS = 5_000
const PROFILED_PASSES = 6

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
  if (name === '(idle)') return 'idle'
  if (name === '(program)') return 'V8 and Node outside JavaScript'
  if (frame.url === '' && /promise|then|await|resolve/i.test(name)) return `promises: ${name}`
  return `other: ${name}${frame.url ? ` (${frame.url.replace(/^.*\/(?=[^/]+$)/, '')})` : ''}`
}

/**
 * Self CPU time per owner, in µs per call: each owner's share of the samples, times the CPU the
 * process used (the profile's own clock counts idle time too).
 * @param {any} profile @param {number} calls @param {number} cpuMicros @returns {Map<string, number>}
 */
function selfTimes(profile, calls, cpuMicros) {
  /** @type {Map<number, any>} */
  const byId = new Map(profile.nodes.map((/** @type {any} */ node) => [node.id, node]))
  /** @type {Map<string, number>} */
  const samples = new Map()
  let busy = 0
  for (const id of profile.samples) {
    const key = owner(byId.get(id).callFrame)
    if (key === 'idle') continue
    busy++
    samples.set(key, (samples.get(key) ?? 0) + 1)
  }
  return new Map([...samples].map(([key, count]) => [key, ((count / busy) * cpuMicros) / calls]))
}

/** @param {Map<string, number>} times the 18 largest */
function largest(times) {
  return [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18)
}

/**
 * Profiles `calls` calls of `call` in the running session; returns CPU µs per call and the self
 * times per owner.
 * @param {Session} session @param {number} calls @param {() => Promise<unknown>} call
 */
async function profiled(session, calls, call) {
  await session.post('Profiler.start')
  const cpu = await cpuPerCall(calls, call)
  const { profile } = await session.post('Profiler.stop')
  return { cpu, times: selfTimes(profile, calls, cpu * calls) }
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
  const { cpu: instantCpu, times: instantTimes } = await profiled(session, INSTANT_CALLS, viaClient)
  await stubbed.close()
  const directCpu = await cpuPerCall(INSTANT_CALLS, () =>
    instant(`${emulator.url}/api/v1/access`, { headers: { authorization: 'Bearer x' } }),
  )

  console.log(
    `\nclient.fetch over an instant transport: ${instantCpu.toFixed(2)} µs of CPU per call (profiled), the transport alone ${directCpu.toFixed(2)} µs\n`,
  )
  console.log('| where (self time) | µs per call |\n| --- | --- |')
  for (const [key, micros] of largest(instantTimes)) {
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

  console.log(
    `\nover the network, ${ROUNDS} alternating rounds of ${NETWORK_CALLS} requests, ${CONCURRENCY} concurrent\n`,
  )
  console.log('| contender | CPU µs per call (median) | over plain fetch |\n| --- | --- | --- |')
  const plain = median(cpu['plain fetch'])
  for (const name of names) {
    const value = median(cpu[name])
    console.log(`| ${name} | ${value.toFixed(1)} | ${(value - plain).toFixed(1)} |`)
  }

  // 3. Over the network, profiled: client.fetch beside fetch with a fresh signal, owner by owner,
  // so what the client adds on top of the signal shows by name.
  // Alternating passes, summed: one pass each is at the mercy of whatever else the machine does.
  const profiledContenders = {
    signal: contenders['plain fetch + a fresh AbortController signal'],
    client: contenders['client.fetch'],
  }
  const sums = { signal: { cpu: 0, times: new Map() }, client: { cpu: 0, times: new Map() } }
  for (let pass = 0; pass < PROFILED_PASSES; pass++) {
    const order = /** @type {const} */ (
      pass % 2 === 0 ? ['signal', 'client'] : ['client', 'signal']
    )
    for (const name of order) {
      const { cpu, times } = await profiled(
        session,
        PROFILED_NETWORK_CALLS,
        profiledContenders[name],
      )
      sums[name].cpu += cpu / PROFILED_PASSES
      for (const [key, micros] of times) {
        sums[name].times.set(key, (sums[name].times.get(key) ?? 0) + micros / PROFILED_PASSES)
      }
    }
  }
  const signalProfile = sums.signal
  const clientProfile = sums.client
  session.disconnect()
  await client.close()
  console.log(
    `\nover the network, profiled (${PROFILED_PASSES} alternating passes of ${PROFILED_NETWORK_CALLS} requests, averaged): fetch + a fresh signal ${signalProfile.cpu.toFixed(1)} µs of CPU per call, client.fetch ${clientProfile.cpu.toFixed(1)} µs\n`,
  )
  console.log(
    '| where (self time) | fetch + signal µs | client.fetch µs | difference |\n| --- | --- | --- | --- |',
  )
  const owners = new Set([...signalProfile.times.keys(), ...clientProfile.times.keys()])
  const differences = [...owners]
    .map((key) => [key, signalProfile.times.get(key) ?? 0, clientProfile.times.get(key) ?? 0])
    .sort((a, b) => Math.abs(Number(b[2]) - Number(b[1])) - Math.abs(Number(a[2]) - Number(a[1])))
    .slice(0, 12)
  for (const [key, before, after] of differences) {
    console.log(
      `| ${key} | ${Number(before).toFixed(2)} | ${Number(after).toFixed(2)} | ${(Number(after) - Number(before)).toFixed(2)} |`,
    )
  }
} finally {
  emulator.stop()
}
console.log(
  `\nNode ${process.version}, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}, load average ${loadAtStart} at start, ${loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')} at end`,
)
