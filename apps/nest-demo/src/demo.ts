import { startDemo } from './demo-runner.js'

const demo = await startDemo({
  emulatorPort: Number(process.env.MOCK_PORT ?? 4010),
  appPort: Number(process.env.PORT ?? 3000),
  // The emulator plays today (an hour a second by default) and delivers each trip change here.
  playDay: { speed: Number(process.env.PLAY_SPEED ?? 3600) },
})
const today = new Date().toISOString().slice(0, 10)
console.log(`
MediRoutes emulator: ${demo.emulator.url}   (counters: ${demo.emulator.url}/__mock/counters)
Dispatch service:    ${demo.url}

Try (the client user "demo" acts for one provider; the brokerage user "broker" for three):
  curl '${demo.url}/client/providers'
  curl '${demo.url}/client/trips?date=${today}'
  curl '${demo.url}/broker/providers'
  curl '${demo.url}/broker/providers/Riverside%20Wheelchair%20Vans/trips?date=${today}'
  curl '${demo.url}/broker/providers/Nowhere%20Transit/trips?date=${today}'   # 403 unknown_provider
  curl '${demo.url}/health'

The emulator is playing today at ${process.env.PLAY_SPEED ?? 3600}x: each trip change it delivers
to this service's webhook receiver is logged below as "[TripChanges] trip ... (sequence n, ...)".
Move a trip yourself (its GUID is in the log or in the trips list):
  curl -X POST '${demo.emulator.url}/__mock/webhooks/advance' -H 'content-type: application/json' \
    -d '{"trip_guid":"<guid>","status":"cancelled"}'
  curl '${demo.emulator.url}/__mock/webhooks/deliveries'

Ctrl+C stops both.
`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    demo.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  })
}
