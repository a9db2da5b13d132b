import { DEMO_USER, type MockServer, startMockServer } from '@mediroutes/mock-server'
import { expect, it } from 'vitest'
import { clientsFrom, demoOptions, emulator, emulatorWith } from '../src/index.js'

const BROKER = { username: 'broker', password: 'broker-password' }

function grant(server: MockServer, user: { username: string; password: string }) {
  return fetch(`${server.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', ...user }),
  }).then((response) => response.status)
}

let previous: MockServer | undefined

it('starts an emulator over real HTTP on a loopback port', async () => {
  previous = await emulator()
  expect(previous.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  expect(await grant(previous, DEMO_USER)).toBe(200)
})

it('closed the emulator of the previous test', async () => {
  const refused = await fetch(`${previous!.url}/token`).catch((error: Error) => error.cause)
  expect(refused).toMatchObject({ code: 'ECONNREFUSED' })
})

it('emulatorWith applies its defaults under the options of the test', async () => {
  const onlyBroker = emulatorWith({ users: [BROKER] })
  const server = await onlyBroker()
  expect(await grant(server, BROKER)).toBe(200)
  expect(await grant(server, DEMO_USER)).not.toBe(200)
  const overridden = await onlyBroker({ users: [DEMO_USER] })
  expect(await grant(overridden, DEMO_USER)).toBe(200)
})

it('clientsFrom builds a client for the demo account with the options of the test', async () => {
  const server = await startMockServer()
  const made: object[] = []
  const clientFor = clientsFrom(
    (options: { baseUrl: string; username: string; password: string; clientId?: string }) => {
      made.push(options)
      return { options, close: () => server.close() }
    },
  )
  const client = clientFor(server, { clientId: 'kit', password: 'other' })
  expect(client.options).toEqual({ ...demoOptions(server), clientId: 'kit', password: 'other' })
  expect(made).toHaveLength(1)
})
