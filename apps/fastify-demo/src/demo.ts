// One command for a newcomer: the MediRoutes emulator and the dispatch API, wired together.
import { generateWebhookSecret } from '@mediroutes/auth-core/webhooks'
import { BROKER_USER, DEMO_USER, startMockServer } from '@mediroutes/mock-server'
import { startServer } from './server.js'
import { tripSubscriptions } from './trip-webhooks/trip-webhooks.js'

const emulatorPort = Number(process.env.MOCK_PORT ?? 4010)
const emulator = await startMockServer({ port: emulatorPort }).catch(
  (error: NodeJS.ErrnoException) => {
    console.error(
      `cannot start the emulator on port ${emulatorPort} (${error.code ?? error.message}); set MOCK_PORT to a free port`,
    )
    process.exit(1)
  },
)
process.env.MEDIROUTES_BASE_URL = emulator.url
process.env.MEDIROUTES_USERNAME = DEMO_USER.username
process.env.MEDIROUTES_PASSWORD = DEMO_USER.password
process.env.MEDIROUTES_BROKER_USERNAME = BROKER_USER.username
process.env.MEDIROUTES_BROKER_PASSWORD = BROKER_USER.password
// Trip webhooks on, with a fresh secret: the emulator delivers to this API.
process.env.MEDIROUTES_WEBHOOK_SECRET ??= generateWebhookSecret()
console.log(
  `MediRoutes emulator on ${emulator.url} (client user "${DEMO_USER.username}", brokerage user "${BROKER_USER.username}")`,
)

const app = await startServer(() => emulator.close())
const url = app.listeningOrigin
const date = new Date().toISOString().slice(0, 10)
// The emulator plays today (an hour a second by default) and delivers each trip change here.
const speed = Number(process.env.PLAY_SPEED ?? 3600)
await tripSubscriptions(app)
emulator.webhooks.playDay({ speed })
console.log(`
Try (the client user acts for one provider; the brokerage user for three):
  curl '${url}/client/providers'
  curl '${url}/client/trips?date=${date}'
  curl '${url}/broker/providers'
  curl '${url}/broker/providers/Riverside%20Wheelchair%20Vans/trips?date=${date}'
  curl '${url}/broker/providers/Nowhere%20Transit/trips?date=${date}'   # 403 unknown_provider
  curl '${url}/health'
  curl '${emulator.url}/__mock/counters'     # one login and one claims read per account

The emulator is playing today at ${speed}x: each trip change it delivers to this API's webhook
receiver is logged as "trip changed" with tripId, status and sequence. Move a trip yourself:
  curl -X POST '${emulator.url}/__mock/webhooks/advance' -H 'content-type: application/json' \\
    -d '{"trip_guid":"<guid from the trips list>","status":"cancelled"}'
  curl '${emulator.url}/__mock/webhooks/deliveries'
Ctrl+C stops both.`)
