import { createMediRoutesClient, mediRoutesOptionsFromEnv } from '@mediroutes/auth-core'

// Reads MEDIROUTES_BASE_URL, MEDIROUTES_USERNAME and MEDIROUTES_PASSWORD.
const mediroutes = createMediRoutesClient(mediRoutesOptionsFromEnv())

// The first call logs in; later calls reuse the token and refresh it before it expires.
const response = await mediroutes.fetch('/api/trips?date=2024-06-01')
if (!response.ok) throw new Error(`MediRoutes answered HTTP ${response.status}`)

const trips = (await response.json()) as { id: string; status: string }[]
for (const trip of trips) console.log(trip.id, trip.status)

await mediroutes.close()
