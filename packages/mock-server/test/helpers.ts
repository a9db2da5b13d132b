import { afterEach } from 'vitest'
import {
  DEMO_USER,
  MOCK_PROVIDERS,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '../src/index.js'

/** The demo user's provider (a client user has every funding source of it). */
export const LAKESIDE = MOCK_PROVIDERS[0]!
/** A provider with two funding sources in the broker's claims, of its three. */
export const RIVERSIDE = MOCK_PROVIDERS[1]!
/** The third provider: one funding source of two in the broker's claims. */
export const SUMMIT = MOCK_PROVIDERS[2]!

/** A documented read any authorized demo call can make: a seeded rider of Lakeside. */
export const RIDER_PATH = `/api/v1/riders/getByRiderId?api_key=${LAKESIDE.apiKey}&rider_id=LMT-1001`
/** Lakeside's trips of a fixed date. */
export const TRIPS_PATH = `/api/v1/rides/getRidesByDate?api_key=${LAKESIDE.apiKey}&date=2024-06-01`

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

/** A logged-in caller of the v1 API: GET with a query, and JSON bodies for the rest. */
export interface V1Client {
  get(path: string, query: Record<string, string>): Promise<Response>
  send(
    method: string,
    path: string,
    body: unknown,
    query?: Record<string, string>,
  ): Promise<Response>
  token: string
}

/** Logs `user` in on `server` and returns a small v1 client. */
export async function v1Client(server: MockServer, user = DEMO_USER): Promise<V1Client> {
  const { access_token: token } = await login(server.url, user)
  const headers = { Authorization: `Bearer ${token}` }
  return {
    token,
    get: (path, query) => fetch(`${server.url}${path}?${new URLSearchParams(query)}`, { headers }),
    send: (method, path, body, query) =>
      fetch(`${server.url}${path}${query ? `?${new URLSearchParams(query)}` : ''}`, {
        method,
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  }
}

/** The body of a v1 answer. */
export async function data<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text()
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${text}`)
  }
  return (JSON.parse(text) as { Data: T }).Data
}
