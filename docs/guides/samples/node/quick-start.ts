import { createMediRoutesClient, mediRoutesOptionsFromEnv } from '@mediroutes/auth-core'

// Reads MEDIROUTES_BASE_URL, MEDIROUTES_USERNAME and MEDIROUTES_PASSWORD.
const mediroutes = createMediRoutesClient(mediRoutesOptionsFromEnv())

// Which providers and funding sources this account may act for: GET /api/v1/access, read
// once per token (the first call logs in) and kept next to it.
const { providers } = await mediroutes.getAccess()
for (const provider of providers) {
  console.log(provider.name, provider.fundingSources.map((source) => source.name).join(', '))
}

// A client for one provider adds its API key to every call: your code never handles the key.
const provider = mediroutes.forProvider(providers[0]!.name)
const today = new Date().toISOString().slice(0, 10)
const trips = await provider.trips.getByDate(today) // GET /api/v1/rides/getRidesByDate, Data unwrapped
for (const trip of trips) console.log(trip.trip_id, trip.status, trip.pickup?.pickup_time)

await mediroutes.close()
