import { createApp } from './create-app.js'

// Configuration comes from MEDIROUTES_* (and PORT); see the README.
const app = await createApp()
await app.listen(Number(process.env.PORT ?? 3000))
console.log(`dispatch service listening on ${await app.getUrl()}`)
