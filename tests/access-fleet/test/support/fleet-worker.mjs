// One process of the fleet: a client on the shared Redis store, driven by JSON commands on stdin.
// It prints one JSON line per answer, and every log line the client writes, so the test can
// scan all of its output for secrets.
import { createInterface } from 'node:readline'
import { inspect } from 'node:util'
import { createMediRoutesClient } from '@mediroutes/auth-core'
import { createRedisRequestBudget, createRedisTokenStore } from '@mediroutes/redis-store'
import { Redis } from 'ioredis'

const config = JSON.parse(process.env.ACCESS_FLEET_WORKER ?? '{}')
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`)
const log = (level) => (fields, message) => print({ event: 'log', level, message, fields })
const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }

const redis = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
const store = createRedisTokenStore({ client: redis, encryptionKey: config.encryptionKey })
const client = createMediRoutesClient({
  baseUrl: config.baseUrl,
  username: config.username,
  password: config.password,
  store,
  logger,
  ...(config.apiBudget
    ? { apiRateLimit: createRedisRequestBudget({ client: redis, ...config.apiBudget }) }
    : {}),
})
const providers = new Map()
const providerClient = (name) => {
  if (!providers.has(name)) providers.set(name, client.forProvider(name))
  return providers.get(name)
}

function describeError(error) {
  return {
    code: error?.code ?? 'untyped',
    status: error?.status,
    message: String(error?.message),
    json: JSON.stringify(error),
    inspected: inspect(error, { depth: 5 }),
  }
}

/** `n` concurrent trips-by-date calls for one provider. */
async function calls({ provider, n, date }) {
  const results = await Promise.allSettled(
    Array.from({ length: n }, () => providerClient(provider).trips.getByDate(date)),
  )
  const fundingSourceIds = new Set()
  const errors = []
  for (const result of results) {
    if (result.status === 'fulfilled')
      for (const trip of result.value) fundingSourceIds.add(trip.funding_source_id)
    else errors.push(describeError(result.reason))
  }
  return { ok: n - errors.length, errors, fundingSourceIds: [...fundingSourceIds].sort() }
}

/** Closed-loop traffic: `concurrency` loops calling until `durationMs` passed, alternating providers. */
async function load({ providers: names, concurrency, durationMs, date }) {
  const until = Date.now() + durationMs
  let ok = 0
  const errors = {}
  const latencies = []
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      for (let i = loop; Date.now() < until; i++) {
        const started = Date.now()
        try {
          await providerClient(names[i % names.length]).trips.getByDate(date)
          ok++
          latencies.push(Date.now() - started)
        } catch (error) {
          const code = error?.code ?? 'untyped'
          errors[code] = (errors[code] ?? 0) + 1
        }
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return {
    ok,
    errors,
    maxMs: latencies.at(-1) ?? 0,
    p50Ms: latencies[Math.floor(latencies.length / 2)] ?? 0,
  }
}

async function handle(command) {
  switch (command.cmd) {
    case 'access': {
      const access = await client.getAccess()
      return {
        providers: access.providers.map((p) => p.name),
        json: JSON.stringify(access),
        inspected: inspect(access, { depth: 10, showHidden: true }),
      }
    }
    case 'calls':
      return calls(command)
    case 'load':
      return load(command)
    case 'close':
      await client.close()
      await store.close?.()
      redis.disconnect()
      return {}
    default:
      throw new Error(`unknown command ${command.cmd}`)
  }
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  const command = JSON.parse(line)
  try {
    print({ event: 'reply', id: command.id, ...(await handle(command)) })
  } catch (error) {
    print({ event: 'reply', id: command.id, failure: describeError(error) })
  }
  if (command.cmd === 'close') process.exit(0)
})
print({ event: 'started', pid: process.pid })
