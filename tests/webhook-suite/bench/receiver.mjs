// Figures for one trip webhook receiver: the core's createTripWebhookReceiver behind node:http,
// fed by the emulator over HTTP. Prints numbers only; nothing here asserts a timing.
//   pnpm --filter @mediroutes/webhook-suite bench     (after pnpm build)
import { createServer } from 'node:http'
import { cpus, loadavg, totalmem } from 'node:os'
import { createMediRoutesClient } from '@mediroutes/auth-core'
import {
  callbackUrlFor,
  createTripWebhookReceiver,
  generateWebhookSecret,
  nodeWebhookRequest,
} from '@mediroutes/auth-core/webhooks'
import { DEMO_USER, MOCK_PROVIDERS, startMockServer } from '@mediroutes/mock-server'

const READ_PATH = '/api/v1/singletrip'
const DAYS = Number(process.env.BENCH_DAYS ?? 14)
const PACED_WAVES = Number(process.env.BENCH_PACED_WAVES ?? 20)
const BURST_WAVES = Number(process.env.BENCH_BURST_WAVES ?? 40)

// Budgets off on both sides: every delivery comes from one address, and the figure wanted is
// what the receiver absorbs, not what a limiter lets through.
const emulator = await startMockServer({ rateLimit: false })
emulator.webhooks.configure({ retryDelaysMs: [50, 100, 200] })
const client = createMediRoutesClient({
  baseUrl: emulator.url,
  ...DEMO_USER,
  apiRateLimit: false,
  tokenRateLimit: false,
})
const secret = generateWebhookSecret()

/** When each handled state (trip GUID and sequence) reached the handler. */
const handledAt = new Map()
let handlerRuns = 0
const receiver = createTripWebhookReceiver({
  client,
  secret,
  rateLimit: false,
  onTripChanged: ({ tripGuid, sequence }) => {
    handlerRuns += 1
    handledAt.set(`${tripGuid}#${sequence}`, Date.now())
  },
})
const server = createServer(async (req, res) => {
  const response = await receiver(nodeWebhookRequest(req), {
    source: req.socket.remoteAddress ?? 'unknown',
  })
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end()
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}/hooks/mediroutes`

// Subscribe every trip of Lakeside over the coming days: more trips, more parallel lanes.
const lakeside = client.forProvider(MOCK_PROVIDERS[0].name)
const start = emulator.clock.now()
const trips = []
for (let day = 0; day < DAYS; day++) {
  const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10)
  trips.push(...(await lakeside.trips.getByDate(date)))
}
for (const trip of trips) {
  await lakeside.webhooks.subscribeTrip({
    tripGuid: trip.trip_guid,
    callbackUrl: callbackUrlFor(base, secret),
    name: `bench-${trip.trip_guid}`,
  })
}

const CYCLE = ['assigned', 'arrived_pickup']
let turn = 0
/** One distinct change for every subscribed trip. */
function wave() {
  const status = CYCLE[turn++ % CYCLE.length]
  for (const trip of trips) emulator.webhooks.advanceTrip(trip.trip_guid, status)
}
const settle = async () => {
  await emulator.webhooks.idle()
  await receiver.idle()
}
const reads = () => emulator.counters().requestsByPath[READ_PATH] ?? 0
const percentile = (sorted, p) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]

let lastDeliveryId = 0
/** Runs `drive`, waits until every delivery was answered and handled, and measures. */
async function phase(name, drive) {
  await settle()
  const before = { reads: reads(), runs: handlerRuns, stats: receiver.stats() }
  handledAt.clear()
  const began = performance.now()
  await drive()
  await settle()
  const seconds = (performance.now() - began) / 1000
  const records = emulator.webhooks.deliveries().filter((d) => d.id > lastDeliveryId)
  lastDeliveryId = records.at(-1)?.id ?? lastDeliveryId
  const requests = records.reduce((sum, d) => sum + d.attempts.length, 0)
  // Delivery to handler: from the first send of a genuine delivery naming this state or a newer
  // one (any of them makes the receiver read the state) to the handler's call with it.
  const sends = new Map()
  for (const d of records) {
    if (d.forged || d.attempts.length === 0) continue
    const list = sends.get(d.payload.trip_guid) ?? []
    list.push({ sequence: d.payload.sequence, at: d.attempts[0].at })
    sends.set(d.payload.trip_guid, list)
  }
  const latencies = []
  for (const [key, at] of handledAt) {
    const [guid, sequence] = key.split('#')
    const revealing = (sends.get(guid) ?? []).filter((s) => s.sequence >= Number(sequence))
    if (revealing.length > 0) latencies.push(at - Math.min(...revealing.map((s) => s.at)))
  }
  latencies.sort((a, b) => a - b)
  const stats = receiver.stats()
  const row = {
    phase: name,
    deliveries: records.length,
    'requests to receiver': requests,
    'answered 202': stats.accepted - before.stats.accepted,
    'not 2xx or none': records.reduce(
      (sum, d) => sum + d.attempts.filter((a) => a.status === null || a.status >= 300).length,
      0,
    ),
    'absorbed / s': Math.round(requests / seconds),
    'handler runs': handlerRuns - before.runs,
    'API reads': reads() - before.reads,
    'reads / delivery': Number(((reads() - before.reads) / records.length).toFixed(3)),
    'p50 ms': percentile(latencies, 0.5),
    'p99 ms': percentile(latencies, 0.99),
  }
  rows.push(row)
  return row
}

const rows = []
await phase(`paced: ${PACED_WAVES} waves of one change per trip, settled between`, async () => {
  for (let i = 0; i < PACED_WAVES; i++) {
    wave()
    await settle()
  }
})
// The sender waits for answers, not for handling: one wave (a change per trip) in flight at a
// time, so the figure is what the receiver absorbs while it reads trips back behind its 202s.
const waves = async (count) => {
  for (let i = 0; i < count; i++) {
    wave()
    await emulator.webhooks.idle()
  }
}
await phase(`streamed: ${BURST_WAVES} waves of distinct changes, next wave once answered`, () =>
  waves(BURST_WAVES),
)
await phase('duplicates: every delivery sent twice, streamed', async () => {
  emulator.webhooks.injectFault({ fault: { kind: 'duplicate' }, count: Infinity })
  await waves(BURST_WAVES / 2)
  await settle()
  emulator.webhooks.clearFaults()
})
await phase('reordered: deliveries held back behind newer ones, streamed', async () => {
  emulator.webhooks.injectFault({ fault: { kind: 'reorder', maxHoldMs: 20 }, count: Infinity })
  await waves(BURST_WAVES / 2)
  await settle()
  emulator.webhooks.clearFaults()
})
await phase('forged: a made-up "cancelled" for every trip, 10 rounds', async () => {
  for (let i = 0; i < 10; i++) {
    for (const trip of trips) emulator.webhooks.forge(trip.trip_guid, 'cancelled')
    await emulator.webhooks.idle()
  }
})

const stats = receiver.stats()
console.log(`Trip webhook receiver figures, ${new Date().toISOString().slice(0, 10)}`)
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.versions.node}; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (uptime)`,
)
console.log(
  `one receiver (core, node:http, concurrency 8), emulator in the same process; ${trips.length} subscribed trips over ${DAYS} days`,
)
console.table(rows)
console.log(
  `receiver totals: received ${stats.received}, accepted ${stats.accepted}, reads ${stats.reads}, handled ${stats.handled}, duplicates ${stats.duplicates}, stale ${stats.stale}, failures ${stats.failures}, 429 ${stats.rateLimited}, 503 ${stats.unavailable}`,
)

server.closeAllConnections()
server.close()
await receiver.close()
await client.close()
await emulator.close()
