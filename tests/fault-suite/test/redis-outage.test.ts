import type { MediRoutesClient } from '@mediroutes/auth-core'
import { RedisServer } from '@mediroutes/redis-harness'
import { createRedisTokenStore, type RedisTokenStore } from '@mediroutes/redis-store'
import { Redis } from 'ioredis'
import { describe, expect } from 'vitest'
import { it, type Lab, sleep, tripsPath } from './support/lab.js'
import { outcomeOf } from './support/outcome.js'
import { expectVendorPace } from './support/token-log.js'

/**
 * A fleet sharing its token through Redis keeps answering every API call while Redis is
 * killed and restarted (empty) under load, including a forced refresh and a scheduled one
 * during the outages.
 */

const PROCESSES = 4
const WORKERS_PER_PROCESS = 5

interface Member {
  client: MediRoutesClient
  store: RedisTokenStore
}

/** One fleet member as a separate process would have it: its own connection, store and client. */
function member(
  lab: Lab,
  redis: RedisServer,
  emulatorClient: (store: RedisTokenStore) => MediRoutesClient,
): Member {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 })
  // An application logs these; the store reports outages through its own logger.
  connection.on('error', () => {})
  lab.track({ close: () => connection.disconnect() })
  const store = lab.track(createRedisTokenStore({ client: connection }))
  return { store, client: lab.track(emulatorClient(store)) }
}

/** Calls the API in a loop until `running()` is false; returns every failure, described. */
async function callUntil(
  client: MediRoutesClient,
  running: () => boolean,
  tally: { calls: number },
) {
  const failures: string[] = []
  while (running()) {
    const outcome = await outcomeOf('API call under load', client.fetch(tripsPath()), 30_000)
    tally.calls++
    if (!outcome.ok) failures.push(`${outcome.error.code}: ${outcome.error.message}`)
    else {
      if (outcome.value.status !== 200) failures.push(`HTTP ${outcome.value.status}`)
      await outcome.value.arrayBuffer()
    }
    await sleep(10)
  }
  return failures
}

describe('Redis stopped and restarted under load', () => {
  it('costs no failed API call', async ({ lab }) => {
    const redis = lab.track(await RedisServer.start())
    // Tokens live 12 s, so a scheduled refresh falls inside the run; the API limit is lifted
    // so that only the token endpoint's limit (10/s) is in play.
    const server = await lab.emulator({
      tokenLifetimeSeconds: 12,
      rateLimit: { token: 10, api: 1_000_000 },
    })
    const fleet = Array.from({ length: PROCESSES }, () =>
      member(lab, redis, (store) => lab.client(server, { store })),
    )
    let running = true
    const tally = { calls: 0 }
    const load = Promise.all(
      fleet.flatMap(({ client }) =>
        Array.from({ length: WORKERS_PER_PROCESS }, () => callUntil(client, () => running, tally)),
      ),
    )

    await sleep(1000)
    await redis.stop()
    await sleep(1000)
    // Every member meets a 401 while Redis is away and must refresh without it.
    server.revokeAccessTokens()
    await sleep(1500)
    await redis.restart()
    await sleep(1500)
    await redis.stop()
    await sleep(1000)
    await redis.restart()
    await sleep(4000)
    running = false
    const failures = (await load).flat()

    expect(failures, `${failures.length} of ${tally.calls} calls failed`).toEqual([])
    expect(tally.calls).toBeGreaterThan(100)
    // Three token events (first login, the forced refresh, the scheduled one), each costing at
    // most a refresh and a password fallback per member while Redis cannot coordinate them.
    expect(server.counters().tokenRequests).toBeLessThanOrEqual(3 * 2 * PROCESSES)
    await expectVendorPace(server)
    // Back on Redis once it answers again: the stores notice on their next reads.
    for (
      let round = 0;
      round < 50 && fleet.some(({ store }) => store.status().redis !== 'up');
      round++
    ) {
      await Promise.all(fleet.map(({ client }) => client.getAccessToken()))
      await sleep(200)
    }
    expect(fleet.map(({ store }) => store.status().redis)).toEqual(fleet.map(() => 'up'))
  })
})
