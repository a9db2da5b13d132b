import { startDemo } from './demo-runner.js'

const demo = await startDemo({
  emulatorPort: Number(process.env.MOCK_PORT ?? 4010),
  appPort: Number(process.env.PORT ?? 3000),
})
const today = new Date().toISOString().slice(0, 10)
console.log(`
MediRoutes emulator: ${demo.emulator.url}   (counters: ${demo.emulator.url}/__mock/counters)
Dispatch service:    ${demo.url}

Try:
  curl '${demo.url}/trips?date=${today}'
  curl '${demo.url}/trips/T-${today.replaceAll('-', '')}-01'
  curl -X POST '${demo.url}/trips/T-${today.replaceAll('-', '')}-01/cancel' -H 'content-type: application/json' -d '{"reason":"Rider request"}'
  curl '${demo.url}/health'

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
