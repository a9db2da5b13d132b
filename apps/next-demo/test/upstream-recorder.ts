import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the app sent towards MediRoutes. */
export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
}

/**
 * A recording relay between the app and the emulator: it forwards every request unchanged and
 * keeps what the app sent (to check which headers reached MediRoutes) and every token the
 * emulator issued (to look for them where they must never be).
 */
export interface UpstreamRecorder {
  url: string
  requests: RecordedRequest[]
  /** Every access and refresh token issued through the relay. */
  tokens: string[]
  /** API requests only (not `/token`). */
  apiRequests(): RecordedRequest[]
  close(): Promise<void>
}

export async function startUpstreamRecorder(targetUrl: string): Promise<UpstreamRecorder> {
  const target = new URL(targetUrl)
  const requests: RecordedRequest[] = []
  const tokens: string[] = []
  let relayUrl = ''
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/'
    requests.push({ method: incoming.method ?? 'GET', path, headers: { ...incoming.headers } })
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        const headers = { ...answer.headers }
        // As a reverse proxy does: the emulator names itself in Location, the app knows the relay.
        if (typeof headers.location === 'string') {
          headers.location = headers.location.replace(target.origin, relayUrl)
        }
        outgoing.writeHead(answer.statusCode ?? 502, headers)
        if (!path.startsWith('/token')) {
          answer.pipe(outgoing)
          return
        }
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          const body = Buffer.concat(chunks)
          try {
            const parsed = JSON.parse(body.toString()) as Record<string, unknown>
            for (const key of ['access_token', 'refresh_token']) {
              if (typeof parsed[key] === 'string') tokens.push(parsed[key])
            }
          } catch {
            // A fault or an error page: no token in it.
          }
          outgoing.end(body)
        })
      },
    )
    forward.on('error', () => outgoing.destroy())
    incoming.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  relayUrl = `http://127.0.0.1:${port}`
  return {
    url: relayUrl,
    requests,
    tokens,
    apiRequests: () => requests.filter((r) => !r.path.startsWith('/token')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
