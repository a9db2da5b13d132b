import { Readable } from 'node:stream'
import type { MediRoutesClient } from '@mediroutes/auth-core'
import { createMediRoutesProxy, type MediRoutesProxyOptions } from '@mediroutes/auth-core/proxy'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { fastifyLogger } from './fastify-logger.js'

/**
 * Options of {@link mediRoutesProxy}: the core proxy's (`@mediroutes/auth-core/proxy`), with the
 * client optional and the mount path taken from the plugin's `prefix`.
 */
export type MediRoutesProxyPluginOptions = Omit<
  MediRoutesProxyOptions,
  'client' | 'mountPath' | 'logger'
> & {
  /**
   * The client that calls MediRoutes, or a function returning it. Default: the client
   * `@mediroutes/fastify` registered on this instance (`fastify.mediroutes`).
   */
  client?: MediRoutesProxyOptions['client']
  /** Where refusals and failures are logged. Default: a child of `fastify.log`. */
  logger?: MediRoutesProxyOptions['logger']
  /** Same as `maxBodyBytes` (Fastify's name for it); `maxBodyBytes` wins when both are set. */
  bodyLimit?: number
}

/**
 * The raw body as a web stream. Cancelling (a body over the limit) drains the rest instead of
 * destroying the socket, so the 413 still reaches the browser.
 */
function bodyStream(raw: Readable): ReadableStream<Uint8Array> {
  let done = false
  const onData = (
    chunk: Buffer | string,
    controller: ReadableStreamDefaultController<Uint8Array>,
  ) => {
    if (done) return
    controller.enqueue(typeof chunk === 'string' ? Buffer.from(chunk) : new Uint8Array(chunk))
    if ((controller.desiredSize ?? 1) <= 0) raw.pause()
  }
  let listener: ((chunk: Buffer | string) => void) | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      listener = (chunk) => onData(chunk, controller)
      raw.on('data', listener)
      raw.once('end', () => {
        if (done) return
        done = true
        controller.close()
      })
      raw.once('error', (error) => {
        if (done) return
        done = true
        controller.error(error)
      })
    },
    pull() {
      raw.resume()
    },
    cancel() {
      done = true
      if (listener !== undefined) raw.off('data', listener)
      raw.on('error', () => {})
      // Flowing with no reader: the rest is read and dropped, and the connection stays usable.
      raw.resume()
    },
  })
}

/** The Fastify request as a web `Request`; the body stays the raw stream, read by the core under its limit. */
function webRequest(request: FastifyRequest, signal: AbortSignal): Request {
  const headers = new Headers()
  const raw = request.raw.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    // HTTP/2 pseudo-headers are not headers a web Request may hold.
    if (!name.startsWith(':')) headers.append(name, raw[i + 1]!)
  }
  const method = request.method.toUpperCase()
  const hasBody = method !== 'GET' && method !== 'HEAD'
  // Only the path and query matter to the core; the origin is never sent anywhere.
  const url = new URL(request.url, 'http://localhost')
  return new Request(url, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: bodyStream(request.raw), duplex: 'half' } : {}),
  } as RequestInit)
}

async function send(reply: FastifyReply, response: Response): Promise<void> {
  reply.code(response.status)
  response.headers.forEach((value, name) => {
    reply.header(name, value)
  })
  if (response.body === null) {
    await reply.send()
    return
  }
  await reply.send(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream))
}

function defaultClient(fastify: { hasDecorator(name: string): boolean; mediroutes?: unknown }) {
  return fastify.hasDecorator('mediroutes')
    ? (fastify.mediroutes as MediRoutesClient)
    : (undefined as unknown as MediRoutesClient)
}

const plugin: FastifyPluginAsync<MediRoutesProxyPluginOptions> = async (fastify, options) => {
  const { bodyLimit, client, logger, ...rest } = options
  const maxBodyBytes = rest.maxBodyBytes ?? bodyLimit
  const proxy = createMediRoutesProxy({
    ...rest,
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    client: client ?? defaultClient(fastify as never),
    logger: logger ?? fastifyLogger(fastify.log, undefined),
    // The core reads the MediRoutes path below the prefix from the raw URL, decoding it once.
    ...(fastify.prefix === '' ? {} : { mountPath: fastify.prefix }),
  })
  // Only inside this plugin's context: the body stays an unread stream for the core.
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined))
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const aborted = new AbortController()
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) aborted.abort()
    })
    await send(reply, await proxy(webRequest(request, aborted.signal)))
  }
  fastify.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/*',
    handler,
  })
}

/**
 * A Fastify route plugin mounting the core's browser proxy at its `prefix`: deny by default, only
 * the `allow`ed MediRoutes paths and methods are forwarded, with the server's token and the
 * provider's API key added on the server (see `createMediRoutesProxy`). Encapsulated, so its
 * raw-body handling stays inside it; register it with a `prefix`.
 * @throws {MediRoutesAuthError} at registration, code `invalid_config`, for a missing client or
 *   `allow`.
 * @example
 * await fastify.register(mediRoutesProxy, {
 *   prefix: '/api/mediroutes',
 *   provider: 'Lakeside Medical Transport',
 *   allow: [{ path: '/api/v1/rides/getRidesByDate', methods: ['GET'] }],
 * })
 */
export const mediRoutesProxy: FastifyPluginAsync<MediRoutesProxyPluginOptions> = plugin
