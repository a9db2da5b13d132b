// A broker's morning on plain Node: which providers may this account act for, and what does
// each one's day hold. Runs against MEDIROUTES_BASE_URL when set, otherwise against an emulator
// it starts itself, signed in as its brokerage user.
import { createMediRoutesClient, mediRoutesOptionsFromEnv } from '@mediroutes/auth-core'
import { BROKER_USER, startMockServer } from '@mediroutes/mock-server'
import { describeTrip, today } from './dispatch.js'

const external = process.env.MEDIROUTES_BASE_URL !== undefined
const emulator = external ? undefined : await startMockServer()
const options = external ? mediRoutesOptionsFromEnv() : { baseUrl: emulator!.url, ...BROKER_USER }
const client = createMediRoutesClient(options)
client.on('acquired', ({ expiresAt }) =>
  console.log(`token acquired, valid until ${new Date(expiresAt).toISOString()}`),
)

try {
  // The access claims: GET /api/v1/access, read once per token and kept next to it.
  const { providers } = await client.getAccess()
  console.log(`\n${client.username} may act for ${providers.length} provider(s):`)
  for (const provider of providers) {
    const sources = provider.fundingSources.map((source) => `${source.name} (${source.id})`)
    console.log(`  ${provider.name}: ${sources.join(', ')}`)
  }

  const day = today()
  for (const { name } of providers) {
    // A provider-scoped client adds that provider's API key to every call; we never see it.
    const provider = client.forProvider(name)
    // Twenty dashboards asking at once still cost one login and one read of the claims.
    const views = await Promise.all(Array.from({ length: 20 }, () => provider.trips.getByDate(day)))
    const trips = views[0] ?? []
    console.log(`\n${name}: ${trips.length} trips on ${day}`)
    for (const trip of trips.slice(0, 5)) console.log(`  ${describeTrip(trip)}`)
    if (trips.length > 5) console.log(`  … and ${trips.length - 5} more`)

    const first = trips[0]
    if (first?.rider_id !== undefined) {
      const [rider] = await provider.riders.getByRiderId(first.rider_id)
      if (rider !== undefined) {
        console.log(
          `  rider ${rider.rider_id}: ${rider.first_name} ${rider.last_name}, ${rider.phone}`,
        )
      }
    }
  }

  const status = await client.status()
  console.log(
    `\ntoken: ${status.state}, expires ${status.expiresAt ? new Date(status.expiresAt).toISOString() : 'n/a'}`,
  )
  if (emulator) {
    const counters = emulator.counters()
    console.log(
      `emulator saw ${counters.apiRequests} API requests, ${counters.passwordGrants} password grant(s), ${counters.unauthorized} 401s`,
    )
    const claimsReads = counters.requestsByPath['/api/v1/access'] ?? 0
    console.log(`/api/v1/access requested ${claimsReads === 1 ? 'once' : `${claimsReads} times`}`)
  }
} finally {
  await client.close()
  await emulator?.close()
}
