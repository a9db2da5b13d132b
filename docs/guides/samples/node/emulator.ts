import { createMediRoutesClient } from '@mediroutes/auth-core'
import { BROKER_USER, startMockServer } from '@mediroutes/mock-server'

// The emulator on a free port of 127.0.0.1. BROKER_USER is its brokerage user (three
// providers); DEMO_USER is a client user of one provider.
const server = await startMockServer()
const mediroutes = createMediRoutesClient({ baseUrl: server.url, ...BROKER_USER })

const today = new Date().toISOString().slice(0, 10)
for (const { name } of (await mediroutes.getAccess()).providers) {
  const trips = await mediroutes.forProvider(name).trips.getByDate(today)
  console.log(`${name}: ${trips.length} trips today`)
}

await mediroutes.close()
await server.close()
