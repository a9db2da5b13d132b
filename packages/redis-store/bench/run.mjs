// Benchmarks of @mediroutes/redis-store, run after `pnpm build`: `pnpm --filter @mediroutes/redis-store bench`.
// Starts its own redis-server (redis-server on PATH, or REDIS_SERVER_BIN) and an emulator, and prints:
//   1. grants caused by a cold stampede of 8 processes x 100 calls, with the Redis store and with the default memory store;
//   2. client.fetch throughput with the Redis store divided by the memory store's, in the same run;
//   3. the same for getAccessToken() on a cached token, which leaves out HTTP and shows the store's own cost.
import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createMediRoutesClient, MemoryTokenStore } from '@mediroutes/auth-core'
import { DEMO_USER, startMockServer } from '@mediroutes/mock-server'
import { RedisServer } from '@mediroutes/redis-harness'
import { createRedisTokenStore } from '@mediroutes/redis-store'
import { Redis } from 'ioredis'

const WORKER = fileURLToPath(new URL('../test/fixtures/fleet-worker.mjs', import.meta.url))
const FLEET = 8
const CALLS_PER_PROCESS = 100
const THROUGHPUT_CALLS = 10_000
const CONCURRENCY = 50
const ROUNDS = 5
const HOT_PATH_CALLS = 200_000

/** Starts one fleet worker and resolves once it is ready. */
function startWorker(config) {
  const child = spawn(process.execPath, [WORKER], {
    env: {
      ...process.env,
      FLEET_WORKER: JSON.stringify({
        username: DEMO_USER.username,
        password: DEMO_USER.password,
        ...config,
      }),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const events = []
  const waiting = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line)
    const index = waiting.findIndex((w) => w.name === event.event)
    if (index >= 0) waiting.splice(index, 1)[0].resolve(event)
    else events.push(event)
  })
  const next = (name) => {
    const index = events.findIndex((e) => e.event === name)
    if (index >= 0) return Promise.resolve(events.splice(index, 1)[0])
    return new Promise((resolve) => waiting.push({ name, resolve }))
  }
  const worker = {
    send: (command) => child.stdin.write(`${command}\n`),
    next,
    exit: () =>
      new Promise((resolve) => {
        child.once('exit', resolve)
        worker.send('exit')
      }),
  }
  return next('started').then(() => worker)
}

/** Grants the emulator served for a cold stampede of FLEET processes. */
async function stampede(redisUrl, memory) {
  const server = await startMockServer({ rateLimit: { token: 10, api: 1_000_000 } })
  const keyPrefix = `bench-${Date.now()}:`
  try {
    const workers = await Promise.all(
      Array.from({ length: FLEET }, (_, i) =>
        startWorker({
          baseUrl: server.url,
          redisUrl,
          memory,
          client: i % 2 === 0 ? 'ioredis' : 'redis',
          keyPrefix,
        }),
      ),
    )
    for (const worker of workers) worker.send(`burst ${CALLS_PER_PROCESS}`)
    const results = await Promise.all(workers.map((worker) => worker.next('burst')))
    await Promise.all(workers.map((worker) => worker.exit()))
    const counters = server.counters()
    return {
      passwordGrants: counters.passwordGrants,
      tokenRequests: counters.tokenRequests,
      failedCalls: results.reduce((sum, r) => sum + r.failed, 0),
    }
  } finally {
    await server.close()
  }
}

/** client.fetch calls per second through `client`, CONCURRENCY at a time. */
async function throughput(client, calls) {
  let next = 0
  const started = performance.now()
  const lane = async () => {
    while (next++ < calls) {
      const response = await client.fetch('/api/v1/access')
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`unexpected status ${response.status}`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane))
  return calls / ((performance.now() - started) / 1000)
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** getAccessToken() calls per second: the cached-token path alone, where the store's own cost shows. */
async function hotPath(client, calls) {
  const started = performance.now()
  for (let i = 0; i < calls; i++) await client.getAccessToken()
  return calls / ((performance.now() - started) / 1000)
}

async function main() {
  const redis = await RedisServer.start()
  try {
    const withRedis = await stampede(redis.url, false)
    const withMemory = await stampede(redis.url, true)

    const server = await startMockServer({ rateLimit: false })
    const connection = new Redis(redis.url)
    connection.on('error', () => {})
    const store = createRedisTokenStore({ client: connection, keyPrefix: 'bench-throughput:' })
    const options = {
      baseUrl: server.url,
      username: DEMO_USER.username,
      password: DEMO_USER.password,
    }
    const clients = {
      memory: createMediRoutesClient({ ...options, store: new MemoryTokenStore() }),
      redis: createMediRoutesClient({ ...options, store }),
    }
    // Warm both (token, connections, JIT) before measuring, then alternate so drift hits both alike.
    for (const client of Object.values(clients)) await throughput(client, 2000)
    const rates = { memory: [], redis: [] }
    const hot = { memory: [], redis: [] }
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 === 0 ? ['memory', 'redis'] : ['redis', 'memory']) {
        rates[name].push(await throughput(clients[name], THROUGHPUT_CALLS))
        hot[name].push(await hotPath(clients[name], HOT_PATH_CALLS))
      }
    }
    for (const client of Object.values(clients)) await client.close()
    await store.close()
    connection.disconnect()
    await server.close()

    const memoryRate = median(rates.memory)
    const redisRate = median(rates.redis)
    // Rounds are paired (same moment, same machine load), so the ratio is taken per round.
    const ratio = median(rates.redis.map((rate, i) => rate / rates.memory[i]))
    const hotRatio = median(hot.redis.map((rate, i) => rate / hot.memory[i]))
    const figures = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus().length} cores, Node ${process.version}`,
      stampede: {
        processes: FLEET,
        callsPerProcess: CALLS_PER_PROCESS,
        redisStore: withRedis,
        memoryStore: withMemory,
      },
      throughput: {
        calls: THROUGHPUT_CALLS,
        concurrency: CONCURRENCY,
        rounds: ROUNDS,
        memoryStoreCallsPerSecond: Math.round(memoryRate),
        redisStoreCallsPerSecond: Math.round(redisRate),
        ratio: Number(ratio.toFixed(3)),
      },
      hotPath: {
        calls: HOT_PATH_CALLS,
        memoryStoreCallsPerSecond: Math.round(median(hot.memory)),
        redisStoreCallsPerSecond: Math.round(median(hot.redis)),
        ratio: Number(hotRatio.toFixed(3)),
      },
    }
    console.log(`cold stampede, ${FLEET} processes x ${CALLS_PER_PROCESS} calls`)
    console.log(
      `  password grants with the Redis store:   ${withRedis.passwordGrants} (goal: 1), failed calls ${withRedis.failedCalls}`,
    )
    console.log(
      `  password grants with the memory store:  ${withMemory.passwordGrants}, failed calls ${withMemory.failedCalls}`,
    )
    console.log(
      `client.fetch throughput, ${THROUGHPUT_CALLS} calls, ${CONCURRENCY} in flight, median of ${ROUNDS}`,
    )
    console.log(`  memory store: ${Math.round(memoryRate)} calls/s`)
    console.log(`  Redis store:  ${Math.round(redisRate)} calls/s`)
    console.log(
      `  ratio Redis / memory: ${figures.throughput.ratio} (goal: at least 0.9; median of the per-round ratios)`,
    )
    console.log(
      `getAccessToken() on a cached token, ${HOT_PATH_CALLS} calls in a row, median of ${ROUNDS}`,
    )
    console.log(`  memory store: ${figures.hotPath.memoryStoreCallsPerSecond} calls/s`)
    console.log(`  Redis store:  ${figures.hotPath.redisStoreCallsPerSecond} calls/s`)
    console.log(`  ratio Redis / memory: ${figures.hotPath.ratio}`)
    console.log(JSON.stringify(figures))
  } finally {
    await redis.close()
  }
}

await main()
