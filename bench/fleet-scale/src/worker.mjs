// One process of the simulated fleet: hosts many client instances, each with its own Redis
// connection and store (as separate pods would have), and runs what the coordinator tells it
// over IPC. Every reply carries only counts and timings, never a token.
import { createHash } from 'node:crypto'
import { createMediRoutesClient } from '@mediroutes/auth-core'
import { createRedisTokenStore } from '@mediroutes/redis-store'
import { Redis } from 'ioredis'

/** @type {Array<{ redis: Redis, store: ReturnType<typeof createRedisTokenStore>, client: ReturnType<typeof createMediRoutesClient> }>} */
const instances = []
let steady

function memory() {
  globalThis.gc?.()
  globalThis.gc?.()
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage()
  return { rss, heapUsed, external, arrayBuffers }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** A one-way fingerprint, so tokens are compared without leaving the process. */
const fingerprint = (token) => createHash('sha256').update(token).digest('hex').slice(0, 16)

async function init(config) {
  const before = memory()
  for (let i = 0; i < config.count; i++) {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 })
    redis.on('error', () => {})
    await redis.connect()
    const store = createRedisTokenStore({ client: redis, keyPrefix: config.keyPrefix })
    const client = createMediRoutesClient({
      baseUrl: config.baseUrl,
      username: config.username,
      password: config.password,
      store,
    })
    instances.push({ redis, store, client })
  }
  return { before, created: memory() }
}

/** Every instance asks for a token at the same moment. */
async function cold() {
  const started = performance.now()
  const results = await Promise.allSettled(instances.map(({ client }) => client.getAccessToken()))
  return {
    ms: performance.now() - started,
    failed: results.filter((r) => r.status === 'rejected').length,
    tokens: [
      ...new Set(results.filter((r) => r.status === 'fulfilled').map((r) => fingerprint(r.value))),
    ],
    warm: memory(),
  }
}

/** Each instance asks for its token every `intervalMs`, as a request handler would. */
function startSteady(intervalMs) {
  const state = { running: true, calls: 0, failed: 0 }
  state.done = Promise.all(
    instances.map(async ({ client }, index) => {
      // Spread the instances over the interval rather than fire them in lock-step.
      await sleep((index * intervalMs) / instances.length)
      while (state.running) {
        try {
          await client.getAccessToken()
          state.calls++
        } catch {
          state.failed++
        }
        await sleep(intervalMs)
      }
    }),
  )
  return state
}

/** After a revocation: each instance makes one API call; how long until it succeeds with a new token. */
async function afterRevocation({ revokedAt, path, oldToken }) {
  const results = await Promise.all(
    instances.map(async ({ client }) => {
      try {
        const response = await client.fetch(path)
        await response.arrayBuffer()
        const token = await client.getAccessToken()
        return {
          ok: response.status === 200 && fingerprint(token) !== oldToken,
          ms: Date.now() - revokedAt,
        }
      } catch {
        return { ok: false, ms: Date.now() - revokedAt }
      }
    }),
  )
  return {
    latenciesMs: results.filter((r) => r.ok).map((r) => r.ms),
    failed: results.filter((r) => !r.ok).length,
  }
}

async function handle(message) {
  switch (message.type) {
    case 'init':
      return { type: 'ready', memory: await init(message) }
    case 'cold':
      return { type: 'cold', ...(await cold()) }
    case 'token':
      return { type: 'token', token: fingerprint(await instances[0].client.getAccessToken()) }
    case 'steady-start':
      steady = startSteady(message.intervalMs)
      return { type: 'steady-started' }
    case 'steady-stop': {
      steady.running = false
      await steady.done
      return { type: 'steady', calls: steady.calls, failed: steady.failed }
    }
    case 'revoked':
      return { type: 'revoked', ...(await afterRevocation(message)) }
    case 'close':
      for (const { client, store, redis } of instances) {
        await client.close()
        await store.close()
        redis.disconnect()
      }
      return { type: 'closed' }
  }
}

process.on('message', (message) => {
  handle(message).then(
    (reply) => {
      process.send(reply)
      if (reply.type === 'closed') process.disconnect()
    },
    (error) => process.send({ type: 'error', message: error?.name ?? 'Error' }),
  )
})
