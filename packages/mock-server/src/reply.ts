import type { ServerResponse } from 'node:http'

/**
 * An answer computed before anything is written, so a fault can replace, truncate or
 * delay it and the counters can see its status.
 */
export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

/** The content type the API endpoints answer with. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** A JSON reply; `headers` add to (or override) the JSON content type. */
export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers },
    body: JSON.stringify(value),
  }
}

/** The ASP.NET Web API shape of an error: `{ "Message": "..." }`. */
export function messageReply(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return jsonReply(status, { Message: message }, headers)
}

/** A result in the vendor's envelope: `{ "Data": ... }`. */
export function dataReply(status: number, data: unknown): Reply {
  return jsonReply(status, { Data: data })
}

/** The 404 for a path nothing serves, worded as ASP.NET Web API words it. */
export function notFoundReply(path: string): Reply {
  return messageReply(404, `No HTTP resource was found that matches the request URI '${path}'.`)
}

/** The 405 for a known path and another method, with the `Allow` header. */
export function methodNotAllowedReply(method: string, allow: string): Reply {
  return messageReply(405, `The requested resource does not support http method '${method}'.`, {
    Allow: allow,
  })
}

/** The 500 for a bug in the emulator: the vendor's "unknown error", worded as ASP.NET words it. */
export function serverErrorReply(): Reply {
  return messageReply(500, 'An error has occurred.')
}

/** The 413 for a body over the size limit. */
export function payloadTooLargeReply(): Reply {
  return messageReply(413, 'The request body is larger than the 1 MiB the server accepts.')
}

/** A 400 with field errors, ASP.NET ModelState style: `{ Message, ModelState: { field: [...] } }`. */
export function invalidReply(
  errors: Record<string, string[]>,
  message = 'The request is invalid.',
): Reply {
  return jsonReply(400, { Message: message, ModelState: errors })
}

/** Writes a whole reply; a no-op when the client already went away. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Length': String(Buffer.byteLength(reply.body)),
  })
  res.end(reply.body)
}
