import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'

/** A Node request as `node:http`, Express and Fastify's `request.raw` hand it over. */
export interface NodeWebhookRequest extends Readable {
  method?: string | undefined
  url?: string | undefined
  headers: IncomingHttpHeaders
}

/** Options of {@link nodeWebhookRequest}. */
export interface NodeWebhookRequestOptions {
  /** The request's path and query when `url` no longer holds it (e.g. under an Express mount). */
  url?: string
  /** The body, when a framework already read the stream (e.g. Express' `req.rawBody` or `req.body`). */
  body?: string | Uint8Array
}

/**
 * A web `Request` for the trip webhook receiver from a Node request, for plain `node:http`
 * servers and framework adapters. The body stays an unread stream, so a delivery refused on its
 * path or size is not read; a body the receiver does not read is drained (not destroyed), so the
 * socket lives to carry the answer. Only the path matters: the origin is a placeholder.
 */
export function nodeWebhookRequest(
  request: NodeWebhookRequest,
  options: NodeWebhookRequestOptions = {},
): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  const method = (request.method ?? 'GET').toUpperCase()
  const url = new URL(options.url ?? request.url ?? '/', 'http://webhook.invalid')
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers })
  if (options.body !== undefined) {
    // The framework's parser decided the size; the receiver checks the declared length again.
    headers.delete('content-length')
    return new Request(url, { method, headers, body: options.body as BodyInit })
  }
  return new Request(url, {
    method,
    headers,
    body: streamOf(request),
    duplex: 'half',
  } as RequestInit)
}

function streamOf(source: Readable): ReadableStream<Uint8Array> {
  let finished = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer | string) => {
        if (finished) return
        controller.enqueue(typeof chunk === 'string' ? Buffer.from(chunk) : new Uint8Array(chunk))
        if ((controller.desiredSize ?? 1) <= 0) source.pause()
      })
      source.once('end', () => {
        if (finished) return
        finished = true
        controller.close()
      })
      source.once('error', (error) => {
        if (finished) return
        finished = true
        controller.error(error)
      })
      source.pause()
    },
    pull() {
      source.resume()
    },
    cancel() {
      // Drain rather than destroy: destroying a server request would cut the answer too.
      finished = true
      source.resume()
    },
  })
}
