// The fleet-scale scenarios: for each fleet size, a cold start, steady traffic (Redis commands
// counted from INFO commandstats), the token's refresh window, and a revocation by the API.
import { DEMO_USER, startMockServer } from '@mediroutes/mock-server'
import { Redis } from 'ioredis'
import { startFleet } from './fleet.mjs'

/** Any authenticated resource of the emulator: what each instance calls after a revocation. */
export const API_PATH = '/api/v1/access'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Calls per command since the server started, from INFO commandstats. */
async function commandStats(admin) {
  const info = await admin.info('commandstats')
  const stats = {}
  for (const match of info.matchAll(/cmdstat_([^:]+):calls=(\d+),usec=(\d+)/g))
    stats[match[1]] = { calls: Number(match[2]), usec: Number(match[3]) }
  return stats
}

function delta(after, before) {
  const result = {}
  for (const [name, { calls, usec }] of Object.entries(after)) {
    const prior = before[name] ?? { calls: 0, usec: 0 }
    if (calls > prior.calls) result[name] = { calls: calls - prior.calls, usec: usec - prior.usec }
  }
  return result
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

function grants(after, before) {
  return {
    tokenRequests: after.tokenRequests - before.tokenRequests,
    passwordGrants: after.passwordGrants - before.passwordGrants,
    refreshGrants: after.refreshGrants - before.refreshGrants,
  }
}

/** Runs every scenario for one fleet size on a fresh emulator and a flushed Redis. */
async function runSize(options, redisUrl, admin, instances, log) {
  const lifetimeMs = options.lifetimeSeconds * 1000
  const server = await startMockServer({
    tokenLifetimeSeconds: options.lifetimeSeconds,
    // Token requests keep the vendor's limit; the API's is out of the way of the measurement.
    rateLimit: { token: 10, api: 1_000_000 },
  })
  await admin.flushall()
  try {
    log(`  ${instances} instances: starting ${options.processes} processes`)
    const fleet = await startFleet({
      instances,
      processes: options.processes,
      redisUrl,
      baseUrl: server.url,
      keyPrefix: `fleet-${instances}:`,
      username: DEMO_USER.username,
      password: DEMO_USER.password,
    })
    try {
      log('  cold start')
      const beforeCold = server.counters()
      const coldStartedAt = Date.now()
      const cold = await fleet.all({ type: 'cold' }, 'cold')
      const afterCold = server.counters()
      const tokens = new Set(cold.flatMap((c) => c.tokens))
      const memory = memoryPerInstance(fleet.ready, cold, instances)
      // After the cold start: each store opens its subscriber connection on first use.
      const clients = await admin.info('clients')
      const connectedClients = Number(/connected_clients:(\d+)/.exec(clients)?.[1] ?? 0)

      log('  steady state')
      await sleep(options.settleMs)
      const stats0 = await commandStats(admin)
      const t0 = performance.now()
      await fleet.all({ type: 'steady-start', intervalMs: options.intervalMs }, 'steady-started')
      await sleep(options.steadyMs)
      const stats1 = await commandStats(admin)
      const seconds = (performance.now() - t0) / 1000
      const used = delta(stats1, stats0)
      delete used.info
      const scriptCalls = (used.evalsha?.calls ?? 0) + (used.eval?.calls ?? 0)
      const allCommands = Object.values(used).reduce((sum, s) => sum + s.calls, 0)
      const scriptUsec = (used.evalsha?.usec ?? 0) + (used.eval?.usec ?? 0)

      log('  through the refresh window')
      // Every instance passes its refresh point by half the token's lifetime; the first one to get
      // there refreshes for all. The new token's own refresh points lie at least a quarter of a
      // lifetime later, so a short margin after the first refresh cannot see a second one.
      const refreshDeadline = coldStartedAt + lifetimeMs / 2 + 5000
      while (server.counters().refreshGrants === afterCold.refreshGrants) {
        if (Date.now() > refreshDeadline) break
        await sleep(100)
      }
      await sleep(Math.min(2000, lifetimeMs / 8))
      const steadyCalls = await fleet.all({ type: 'steady-stop' }, 'steady')
      const steadyEnded = performance.now()
      const afterExpiry = server.counters()

      log('  revocation')
      const oldToken = (await fleet.one({ type: 'token' }, 'token')).token
      const beforeRevocation = server.counters()
      const revokedAt = Date.now()
      const revoke = await fetch(`${server.url}/__mock/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access: true }),
      })
      if (!revoke.ok) throw new Error(`the emulator refused the revocation (${revoke.status})`)
      const revoked = await fleet.all(
        { type: 'revoked', revokedAt, path: options.apiPath, oldToken },
        'revoked',
      )
      const afterRevocation = server.counters()
      const latencies = revoked.flatMap((r) => r.latenciesMs).sort((a, b) => a - b)

      return {
        instances,
        processes: options.processes,
        redisConnections: connectedClients - 1,
        cold: {
          ...grants(afterCold, beforeCold),
          distinctTokens: tokens.size,
          failed: cold.reduce((sum, c) => sum + c.failed, 0),
          slowestProcessMs: Math.round(Math.max(...cold.map((c) => c.ms))),
        },
        steady: {
          seconds: round(seconds, 2),
          getAccessTokenCallsPerSecond: round(
            steadyCalls.reduce((sum, s) => sum + s.calls, 0) / ((steadyEnded - t0) / 1000),
            0,
          ),
          failed: steadyCalls.reduce((sum, s) => sum + s.failed, 0),
          scriptCallsPerSecond: round(scriptCalls / seconds, 1),
          commandsPerSecond: round(allCommands / seconds, 1),
          scriptCallsPerInstancePerSecond: round(scriptCalls / seconds / instances, 3),
          commandsPerInstancePerSecond: round(allCommands / seconds / instances, 3),
          usecPerScriptCall: scriptCalls === 0 ? null : round(scriptUsec / scriptCalls, 2),
          byCommand: Object.fromEntries(
            Object.entries(used).map(([name, s]) => [name, round(s.calls / seconds, 1)]),
          ),
        },
        expiry: grants(afterExpiry, afterCold),
        revocation: {
          ...grants(afterRevocation, beforeRevocation),
          reached: latencies.length,
          failed: revoked.reduce((sum, r) => sum + r.failed, 0),
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          maxMs: latencies.at(-1) ?? null,
        },
        memory,
      }
    } finally {
      await fleet.close()
    }
  } finally {
    await server.close()
  }
}

function round(value, digits) {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** Heap and RSS growth of the worker processes from before the instances existed to after each held a token. */
function memoryPerInstance(ready, cold, instances) {
  let heap = 0
  let rss = 0
  ready.forEach((r, index) => {
    heap += cold[index].warm.heapUsed - r.memory.before.heapUsed
    rss += cold[index].warm.rss - r.memory.before.rss
  })
  return {
    heapKiBPerInstance: round(heap / instances / 1024, 1),
    rssKiBPerInstance: round(rss / instances / 1024, 1),
  }
}

/**
 * Runs the scenarios for every size in `options.sizes` against one redis-server.
 * @param options `{ sizes, processes, steadyMs, intervalMs, lifetimeSeconds, settleMs, apiPath }`
 */
export async function runFleetScale(redisUrl, options, log = () => {}) {
  const admin = new Redis(redisUrl)
  admin.on('error', () => {})
  try {
    const sizes = []
    for (const instances of options.sizes) {
      sizes.push(await runSize(options, redisUrl, admin, instances, log))
    }
    return sizes
  } finally {
    admin.disconnect()
  }
}
