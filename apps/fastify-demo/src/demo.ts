// One command for a newcomer: the MediRoutes emulator and the dispatch API, wired together.
import { DEMO_USER, startMockServer } from '@mediroutes/mock-server'
import { startServer } from './server.js'

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
console.log(`MediRoutes emulator on ${emulator.url} (account "${DEMO_USER.username}")`)

const app = await startServer(() => emulator.close())
const url = app.listeningOrigin
const date = new Date().toISOString().slice(0, 10)
console.log(`
Try:
  curl '${url}/trips?date=${date}'
  curl '${url}/trips/T-${date.replaceAll('-', '')}-01'
  curl -X POST '${url}/trips/T-${date.replaceAll('-', '')}-01/cancel' -H 'content-type: application/json' -d '{"reason":"Rider rescheduled"}'
  curl '${url}/health'
  curl '${emulator.url}/__mock/counters'     # one password grant, however many requests
Ctrl+C stops both.`)
