#!/usr/bin/env node
// Starts the MediRoutes emulator and the built dashboard against it, in one command:
//   pnpm --filter @mediroutes/next-demo demo      (builds first)
// The dashboard signs in as the emulator's brokerage user. While it runs, the emulator plays
// the day: every few seconds one open trip moves to its next status, and the page follows.
// PORT (default 3000), MOCK_PORT (default 4010) and PLAY_EVERY_MS (default 3000) are settings.
// Ctrl-C stops both.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createMediRoutesClient } from '@mediroutes/auth-core'
import { BROKER_USER, startMockServer } from '@mediroutes/mock-server'

const require = createRequire(import.meta.url)
const port = process.env.PORT ?? '3000'
const emulator = await startMockServer({ port: Number(process.env.MOCK_PORT ?? 4010) })
console.log(`MediRoutes emulator on ${emulator.url} (brokerage user ${BROKER_USER.username})`)

const app = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '-p', port], {
  stdio: 'inherit',
  env: {
    ...process.env,
    MEDIROUTES_BASE_URL: process.env.MEDIROUTES_BASE_URL ?? emulator.url,
    MEDIROUTES_USERNAME: process.env.MEDIROUTES_USERNAME ?? BROKER_USER.username,
    MEDIROUTES_PASSWORD: process.env.MEDIROUTES_PASSWORD ?? BROKER_USER.password,
  },
})
console.log(`Dispatch dashboard on http://localhost:${port}`)

// The day, played: a trip's next status, as a dispatcher's board sees it move.
const NEXT = {
  scheduled: 'assigned',
  assigned: 'arrived_pickup',
  arrived_pickup: 'picked_up',
  picked_up: 'arrived_dropoff',
  arrived_dropoff: 'performed',
}
const player = createMediRoutesClient({ baseUrl: emulator.url, ...BROKER_USER })
async function playOneStep() {
  const day = new Date().toISOString().slice(0, 10)
  const { providers } = await player.getAccess()
  for (const { name } of providers) {
    const trips = await player.forProvider(name).trips.getByDate(day)
    const open = trips.find((trip) => trip.status in NEXT)
    if (open !== undefined) {
      emulator.setTripStatus(open.trip_guid, NEXT[open.status])
      console.log(`played: ${name} ${open.trip_id} ${open.status} → ${NEXT[open.status]}`)
    }
  }
}
const playing = setInterval(
  () => playOneStep().catch((error) => console.error(`could not play the day: ${error.message}`)),
  Number(process.env.PLAY_EVERY_MS ?? 3000),
)

let stopping = false
async function stop(code) {
  if (stopping) return
  stopping = true
  clearInterval(playing)
  if (app.exitCode === null) app.kill('SIGTERM')
  await player.close()
  await emulator.close()
  process.exit(code)
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
app.on('exit', (code) => stop(code ?? 0))
