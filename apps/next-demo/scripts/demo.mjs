#!/usr/bin/env node
// Starts the MediRoutes emulator and the built dashboard against it, in one command:
//   pnpm --filter @mediroutes/next-demo demo      (builds first)
// PORT (default 3000) and MOCK_PORT (default 4010) choose the ports. Ctrl-C stops both.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { DEMO_USER, startMockServer } from '@mediroutes/mock-server'

const require = createRequire(import.meta.url)
const port = process.env.PORT ?? '3000'
const emulator = await startMockServer({ port: Number(process.env.MOCK_PORT ?? 4010) })
console.log(`MediRoutes emulator on ${emulator.url} (user ${DEMO_USER.username})`)

const app = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '-p', port], {
  stdio: 'inherit',
  env: {
    ...process.env,
    MEDIROUTES_BASE_URL: process.env.MEDIROUTES_BASE_URL ?? emulator.url,
    MEDIROUTES_USERNAME: process.env.MEDIROUTES_USERNAME ?? DEMO_USER.username,
    MEDIROUTES_PASSWORD: process.env.MEDIROUTES_PASSWORD ?? DEMO_USER.password,
  },
})
console.log(`Dispatch dashboard on http://localhost:${port}`)

let stopping = false
async function stop(code) {
  if (stopping) return
  stopping = true
  if (app.exitCode === null) app.kill('SIGTERM')
  await emulator.close()
  process.exit(code)
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
app.on('exit', (code) => stop(code ?? 0))
