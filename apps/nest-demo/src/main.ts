import { createApp } from './create-app.js'
import { subscribeTripWebhooks, tripWebhooksFromEnv } from './trip-webhooks/trip-webhooks.js'

// Configuration comes from MEDIROUTES_* (and PORT); see the README.
const app = await createApp({ tripWebhooks: tripWebhooksFromEnv() })
await app.listen(Number(process.env.PORT ?? 3000))
await subscribeTripWebhooks(app, await app.getUrl())
console.log(`dispatch service listening on ${await app.getUrl()}`)
