import { afterEach } from 'vitest'
import {
  DEMO_USER,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '../src/index.js'

const started: MockServer[] = []

/** Starts an emulator that is closed after the current test. */
export async function startServer(options?: MockServerOptions): Promise<MockServer> {
  const server = await startMockServer(options)
  started.push(server)
  return server
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()))
})

/** POSTs a form to `/token` the way a plain client would. */
export function postToken(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${url}/token`, { method: 'POST', body: new URLSearchParams(fields) })
}

/** The token response body of the emulator. */
export interface TokenBody {
  access_token: string
  token_type: string
  expires_in: number
  refresh_token: string
  userName: string
  '.issued': string
  '.expires': string
}

/** A password grant for the demo user that must succeed. */
export async function login(url: string, user = DEMO_USER): Promise<TokenBody> {
  const response = await postToken(url, {
    grant_type: 'password',
    username: user.username,
    password: user.password,
  })
  if (response.status !== 200)
    throw new Error(`login failed: ${response.status} ${await response.text()}`)
  return (await response.json()) as TokenBody
}

/** A refresh grant, answer as is. */
export function refresh(url: string, refreshToken: string): Promise<Response> {
  return postToken(url, { grant_type: 'refresh_token', refresh_token: refreshToken })
}

/** A GET to the API with a bearer token. */
export function apiGet(url: string, path: string, accessToken?: string): Promise<Response> {
  return fetch(`${url}${path}`, {
    headers: accessToken === undefined ? {} : { Authorization: `Bearer ${accessToken}` },
  })
}

/** A request with a JSON body to the API with a bearer token. */
export function apiSend(
  url: string,
  method: string,
  path: string,
  accessToken: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
}
