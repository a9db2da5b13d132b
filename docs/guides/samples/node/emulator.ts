import { createMediRoutesClient } from '@mediroutes/auth-core'
import { DEMO_USER, startMockServer } from '@mediroutes/mock-server'

// The emulator on a free port of 127.0.0.1, with the user demo / demo-password.
const server = await startMockServer()
const mediroutes = createMediRoutesClient({
  baseUrl: server.url,
  username: DEMO_USER.username,
  password: DEMO_USER.password,
})

const today = new Date().toISOString().slice(0, 10)
const trips = await (await mediroutes.fetch(`/api/trips?date=${today}`)).json()
console.log(trips)

await mediroutes.close()
await server.close()
