import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { AccessBook, type ProviderAccess } from './access.js'
import { authenticate } from './api-auth.js'
import type { ApiContext } from './api-key.js'
import { createClock, type EmulatorClock } from './clock.js'
import { CONTROL_PREFIX, type ControlContext, controlRoutes } from './control-api.js'
import { CounterBook } from './counters.js'
import { utcDate } from './dates.js'
import { deliver, NO_ANSWER } from './fault-delivery.js'
import { FaultQueue } from './faults.js'
import { AccessTokenSigner } from './jwt.js'
import { type ResolvedOptions, resolveOptions } from './options.js'
import { MOCK_PROVIDERS } from './providers.js'
import { type RateLimitBucket, RateLimiter } from './rate-limiter.js'
import {
  dataReply,
  messageReply,
  methodNotAllowedReply,
  notFoundReply,
  payloadTooLargeReply,
  type Reply,
  serverErrorReply,
  writeReply,
} from './reply.js'
import { closeInStages, readBody } from './request-body.js'
import type { TripStatus } from './resources.js'
import { RiderStore } from './rider-store.js'
import { accessRoutes, ridersApiRoutes } from './riders-api.js'
import { matchRoute, type Route } from './router.js'
import { parseTokenForm, TokenEndpoint } from './token-endpoint.js'
import { TokenRegistry } from './token-registry.js'
import { TripStore } from './trip-store.js'
import { isTripStatus, tripsApiRoutes } from './trips-api.js'
import type {
  FaultInjection,
  MockCounters,
  MockServer,
  MockServerOptions,
  RecordedTokenRequest,
} from './types.js'
import { UserDirectory } from './users.js'

/**
 * Starts an emulator of the MediRoutes API on a real HTTP port.
 *
 * Defaults: a free port on `127.0.0.1`, the root path, the users `DEMO_USER` (a client
 * user) and `BROKER_USER` (a brokerage user), 24-hour access tokens, refresh token
 * rotation, the vendor's rate limits per second (10 `/token` and 300 other requests per
 * IP; `rateLimit.per: 'minute'` for the other reading), a random signing key.
 *
 * @throws {TypeError | RangeError} when an option is invalid (the message names it).
 * @throws {Error} when the port cannot be bound, e.g. `EADDRINUSE` (the error keeps its `code`).
 */
export async function startMockServer(options?: MockServerOptions): Promise<MockServer> {
  const emulator = new Emulator(resolveOptions(options))
  await emulator.listen()
  return emulator
}

/** The state of one emulator and the HTTP server in front of it. */
class Emulator implements MockServer {
  readonly clock: EmulatorClock
  readonly #options: ResolvedOptions
  readonly #server: Server
  readonly #counters = new CounterBook()
  readonly #faults = new FaultQueue()
  readonly #registry = new TokenRegistry()
  readonly #trips: TripStore
  readonly #riders = new RiderStore()
  readonly #access: AccessBook
  readonly #users: UserDirectory
  readonly #limiter: RateLimiter
  readonly #tokenEndpoint: TokenEndpoint
  readonly #signer: AccessTokenSigner
  readonly #apiRoutes: Route<ApiContext>[]
  readonly #controlRoutes: Route<ControlContext>[]
  /** Aborts pending fault delays on close, so `close()` never waits for a latency fault. */
  readonly #closing = new AbortController()
  #closed: Promise<void> | undefined
  #url = ''
  #port = 0

  constructor(options: ResolvedOptions) {
    this.#options = options
    this.clock = createClock(options.clockOffsetMs)
    this.#users = new UserDirectory(options.users)
    this.#access = new AccessBook(options.users)
    this.#trips = new TripStore(this.clock.now)
    this.#signer = new AccessTokenSigner(options.signingSecret)
    this.#limiter = new RateLimiter(options.rateLimit, this.clock.now)
    this.#tokenEndpoint = new TokenEndpoint({
      users: this.#users,
      registry: this.#registry,
      signer: this.#signer,
      clock: this.clock,
      settings: options,
    })
    this.#apiRoutes = [
      ...accessRoutes(this.#access),
      ...ridersApiRoutes(this.#riders, this.#access),
      ...tripsApiRoutes({ trips: this.#trips, riders: this.#riders, access: this.#access }),
    ]
    this.#controlRoutes = controlRoutes(this)
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => this.#fail(res, error))
    })
  }

  get url(): string {
    return this.#url
  }

  get port(): number {
    return this.#port
  }

  /** Binds the port; `url` and `port` are set once this resolves. */
  async listen(): Promise<void> {
    const { port, host, basePath } = this.#options
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        const hint =
          error.code === 'EADDRINUSE' ? ': pick another port, or port 0 for a free one' : ''
        reject(
          Object.assign(new Error(`Cannot listen on ${host}:${port}${hint}`, { cause: error }), {
            code: error.code,
          }),
        )
      }
      this.#server.once('error', onError)
      // A deep accept queue: 1,000 clients connecting at once must not wait for TCP retransmits.
      this.#server.listen({ port, host, backlog: 4096 }, () => {
        this.#server.off('error', onError)
        resolve()
      })
    })
    this.#port = (this.#server.address() as AddressInfo).port
    this.#url = `http://${urlHost(host)}:${this.#port}${basePath}`
  }

  counters(): MockCounters {
    return this.#counters.snapshot()
  }

  tokenRequests(): RecordedTokenRequest[] {
    return this.#counters.tokenRequests()
  }

  injectFault(injection: FaultInjection): void {
    this.#faults.add(injection)
  }

  clearFaults(): void {
    this.#faults.clear()
  }

  revokeAccessTokens(): void {
    this.#registry.revokeAccessTokens()
  }

  revokeRefreshTokens(): void {
    this.#registry.revokeRefreshTokens()
  }

  setPassword(username: string, password: string): void {
    this.#users.setPassword(username, password)
  }

  grantAccess(username: string, providerName: string, fundingSourceId?: number): void {
    this.#access.grant(username, providerName, fundingSourceId)
  }

  revokeAccess(username: string, providerName: string, fundingSourceId?: number): void {
    this.#access.revoke(username, providerName, fundingSourceId)
  }

  accessOf(username: string): ProviderAccess[] {
    return this.#access.of(username)
  }

  setTripStatus(tripGuid: string, status: TripStatus): void {
    if (!isTripStatus(status)) {
      throw new Error(`Unknown trip status ${JSON.stringify(status)}`)
    }
    if (this.#trips.update(String(tripGuid), { status }) === undefined) {
      throw new Error(`No trip has the trip_guid "${String(tripGuid)}"`)
    }
  }

  resetCounters(): void {
    this.#counters.reset()
  }

  reset(): void {
    this.#counters.reset()
    this.#faults.clear()
    this.#registry.reset()
    this.clock.reset()
    this.#trips.reset()
    this.#riders.reset()
    this.#access.reset()
    this.#users.reset()
    this.#limiter.reset()
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#closing.abort()
      this.#server.close(() => resolve())
      // Keep-alive sockets would otherwise hold `close()` open until they time out.
      this.#server.closeAllConnections()
    })
    return this.#closed
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The server's Date follows the emulator's clock, so clients that estimate clock
    // skew from it see the same time the tokens were issued by.
    res.setHeader('Date', new Date(this.clock.now()).toUTCString())
    const url = parseRequestTarget(req.url)
    if (url === undefined) {
      // A request line no URL parser accepts (`GET //[ HTTP/1.1`) is the client's error.
      req.resume()
      return writeReply(res, messageReply(400, 'The request URI is not a valid URL.'))
    }
    const path = this.#withinBasePath(url.pathname)
    if (path === CONTROL_PREFIX || path?.startsWith(`${CONTROL_PREFIX}/`)) {
      return this.#control(req, res, path, url)
    }
    this.#counters.countPath(path ?? url.pathname)
    if (path === '/token') return this.#token(req, res)
    return this.#api(req, res, path, url)
  }

  async #token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#counters.increment('tokenRequests')
    const at = this.clock.now()
    const body = await readBody(req)
    if (body.tooLarge) closeInStages(req, res)
    const contentType = req.headers['content-type']
    const form = body.tooLarge ? null : parseTokenForm(contentType, body.bytes)
    const status = await this.#serve(req, res, 'token', {
      process: async () => {
        if (body.tooLarge) {
          this.#counters.increment('rejectedTokenRequests')
          return payloadTooLargeReply()
        }
        const { reply, outcome } = await this.#tokenEndpoint.handle(req.method ?? 'GET', form)
        if (outcome === 'password') this.#counters.increment('passwordGrants')
        else if (outcome === 'refresh') this.#counters.increment('refreshGrants')
        else this.#counters.increment('rejectedTokenRequests')
        return reply
      },
      sample: () => this.#tokenEndpoint.sampleSuccess(),
    })
    // Only field names and non-secret values: the log may end up in test output.
    this.#counters.recordTokenRequest({
      at,
      contentType: contentType ?? null,
      fields: form === null ? [] : [...form.keys()],
      grantType: form?.get('grant_type') ?? null,
      username: form?.get('username') ?? null,
      clientId: form?.get('client_id') ?? null,
      status,
    })
  }

  async #api(
    req: IncomingMessage,
    res: ServerResponse,
    path: string | undefined,
    url: URL,
  ): Promise<void> {
    this.#counters.increment('apiRequests')
    const body = await readBody(req)
    if (body.tooLarge) closeInStages(req, res)
    const status = await this.#serve(req, res, apiBucket(path), {
      process: async () => {
        if (body.tooLarge) return payloadTooLargeReply()
        const method = req.method ?? 'GET'
        const match =
          path === undefined
            ? ({ kind: 'not-found' } as const)
            : matchRoute(this.#apiRoutes, method, path)
        if (match.kind === 'not-found') return notFoundReply(url.pathname)
        if (match.kind === 'method-not-allowed') return methodNotAllowedReply(method, match.allow)
        const caller = await authenticate(
          req.headers.authorization,
          this.#signer,
          this.#registry,
          this.clock.now(),
        )
        if ('status' in caller) {
          this.#counters.increment('unauthorized')
          return caller
        }
        return match.handler(
          {
            method,
            query: url.searchParams,
            body: body.tooLarge ? Buffer.alloc(0) : body.bytes,
            username: caller.username,
          },
          match.params,
        )
      },
      sample: async () =>
        dataReply(200, this.#trips.list(MOCK_PROVIDERS[0]!, utcDate(this.clock.now()))),
    })
    if (status !== NO_ANSWER) this.#counters.countApiStatus(status)
  }

  async #control(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const body = await readBody(req)
    if (body.tooLarge) {
      closeInStages(req, res)
      return writeReply(res, payloadTooLargeReply())
    }
    const method = req.method ?? 'GET'
    const match = matchRoute(this.#controlRoutes, method, path)
    if (match.kind === 'not-found') return writeReply(res, notFoundReply(path))
    if (match.kind === 'method-not-allowed')
      return writeReply(res, methodNotAllowedReply(method, match.allow))
    writeReply(
      res,
      await match.handler({ body: body.bytes, query: url.searchParams }, match.params),
    )
  }

  /**
   * The path shared by `/token` and the API: rate limit, then a fault or the normal answer.
   * A request over the limit never consumes a fault. Returns the status sent.
   */
  async #serve(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: RateLimitBucket,
    answers: { process: () => Promise<Reply>; sample: () => Promise<Reply> },
  ): Promise<number> {
    const ip = req.socket.remoteAddress ?? 'unknown'
    let decision = this.#limiter.take(bucket === 'token' ? 'token' : 'api', ip)
    if (decision.allowed && bucket !== 'token' && bucket !== 'api') {
      decision = this.#limiter.take(bucket, ip)
    }
    if (!decision.allowed) {
      this.#counters.increment('rateLimited')
      const what = bucket === 'token' ? '/token' : bucket === 'api' ? 'the API' : 'this endpoint'
      const reply = messageReply(
        429,
        `Rate limit exceeded: ${decision.limit} requests per ${windowName(decision.windowMs)} to ${what} per client. Retry after ${decision.retryAfterSeconds} s.`,
        { 'Retry-After': String(decision.retryAfterSeconds) },
      )
      writeReply(res, reply)
      return reply.status
    }
    const fault = this.#faults.take(bucket === 'token' ? 'token' : 'api')
    if (fault !== undefined) this.#counters.increment('faultsServed')
    return deliver(fault, {
      req,
      res,
      process: () => this.#safely(answers.process),
      sample: answers.sample,
      delay: (ms) => sleep(ms, undefined, { signal: this.#closing.signal }),
    })
  }

  /** A handler's bug answers 500, as the vendor's "unknown error", and is printed for the developer. */
  async #safely(process: () => Promise<Reply>): Promise<Reply> {
    try {
      return await process()
    } catch (error) {
      console.error('[mediroutes-mock] unexpected error', error)
      return serverErrorReply()
    }
  }

  #fail(res: ServerResponse, error: unknown): void {
    // A delay aborted by close(): the socket is gone, nothing to answer.
    if (this.#closing.signal.aborted) return
    console.error('[mediroutes-mock] unexpected error', error)
    if (!res.headersSent) writeReply(res, serverErrorReply())
    else res.destroy()
  }

  /** The path relative to `basePath`, or `undefined` when outside it. */
  #withinBasePath(pathname: string): string | undefined {
    const { basePath } = this.#options
    if (basePath === '') return pathname
    if (pathname === basePath) return '/'
    return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined
  }
}

/** The request target as a URL, or `undefined` when it is not one (e.g. `//[`). */
function parseRequestTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://emulator.invalid')
  } catch {
    return undefined
  }
}

/** The separately limited endpoints count against their own bucket as well as the API's. */
function apiBucket(path: string | undefined): RateLimitBucket {
  if (path === '/api/v1/singletrip/withrider') return 'withrider'
  if (path === '/api/v1/webhook/gps/vehicle') return 'gps'
  return 'api'
}

/** `second`, `minute`, or the window's length when a test squeezed it. */
function windowName(windowMs: number): string {
  if (windowMs === 1000) return 'second'
  if (windowMs === 60_000) return 'minute'
  return `${windowMs} ms`
}

/** A host for a URL: a wildcard address becomes loopback (what a client can reach), IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}
