// A dispatcher's morning on plain Node: list today's trips, cancel one, and show what the token cost.
// Runs against MEDIROUTES_BASE_URL when set, otherwise against an emulator it starts itself.
import { createMediRoutesClient, mediRoutesOptionsFromEnv } from '@mediroutes/auth-core'
import { DEMO_USER, startMockServer } from '@mediroutes/mock-server'
import { cancelTrip, listTrips } from './dispatch.js'

const external = process.env.MEDIROUTES_BASE_URL !== undefined
const emulator = external ? undefined : await startMockServer()
const options = external ? mediRoutesOptionsFromEnv() : { baseUrl: emulator!.url, ...DEMO_USER }
const client = createMediRoutesClient(options)
client.on('acquired', ({ expiresAt }) =>
  console.log(`token acquired, valid until ${new Date(expiresAt).toISOString()}`),
)

try {
  const today = new Date().toISOString().slice(0, 10)
  // Fifty dashboards asking at once still cost one login.
  const views = await Promise.all(Array.from({ length: 50 }, () => listTrips(client, today)))
  const trips = views[0] ?? []
  console.log(`\n${trips.length} trips on ${today}:`)
  for (const trip of trips) {
    const time = trip.pickup.time.slice(11, 16)
    console.log(
      `  ${trip.id}  ${time}  ${trip.status.padEnd(9)}  ${trip.mobilityType.padEnd(10)}  ${trip.rider.firstName} ${trip.rider.lastName}, ${trip.pickup.address.street}, ${trip.pickup.address.city}`,
    )
  }
  const open = trips.find((t) => t.status !== 'Cancelled' && t.status !== 'Completed')
  if (open) {
    const cancelled = await cancelTrip(client, open.id, 'Rider rescheduled by phone')
    console.log(`\ncancelled ${cancelled.id}: status is now ${cancelled.status}`)
  }
  const status = await client.status()
  console.log(
    `\ntoken: ${status.state}, expires ${status.expiresAt ? new Date(status.expiresAt).toISOString() : 'n/a'}`,
  )
  if (emulator) {
    const counters = emulator.counters()
    console.log(
      `emulator saw ${counters.apiRequests} API requests and ${counters.passwordGrants} password grant(s), ${counters.unauthorized} 401s`,
    )
  }
} finally {
  await client.close()
  await emulator?.close()
}
