import type { IncomingMessage, ServerResponse } from 'node:http'

/** The largest request body the emulator reads: 1 MiB. Larger bodies are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024

/** A request body, or the marker that it exceeded {@link MAX_BODY_BYTES}. */
export type RequestBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true }

/** How long a connection closed in stages keeps reading what the client still sends. */
export const LINGER_MS = 5_000

/**
 * Reads a request body up to {@link MAX_BODY_BYTES}.
 *
 * An oversized body resolves at once (so the 413 can be sent while the client is still
 * uploading) and keeps being drained in the background; pair it with
 * {@link closeInStages} so the client can read that 413.
 * Never throws; a stream error resolves with what was read.
 */
export function readBody(req: IncomingMessage): Promise<RequestBody> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    req.resume()
    return Promise.resolve({ tooLarge: true })
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData)
        req.resume()
        resolve({ tooLarge: true })
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolve({ tooLarge: false, bytes: Buffer.concat(chunks) }))
    req.on('error', () => resolve({ tooLarge: false, bytes: Buffer.concat(chunks) }))
  })
}

/**
 * Closes the connection after the answer in stages (RFC 9112 §9.6), for an answer sent
 * before the request body was read to its end (a 413).
 *
 * Node ends a `Connection: close` answer with `socket.destroySoon()`, which destroys the
 * socket once the answer is flushed; bytes the client is still uploading then meet a
 * closed socket, the kernel answers them with a reset, and a client that has not read
 * the answer yet fails with EPIPE or ECONNRESET instead of seeing it. Here the write side
 * is half-closed first, and the rest of the upload is read and discarded until the
 * client closes its side, or for at most {@link LINGER_MS}.
 */
export function closeInStages(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket
  res.setHeader('Connection', 'close')
  socket.destroySoon = () => {
    socket.end()
    const deadline = setTimeout(() => socket.destroy(), LINGER_MS)
    deadline.unref()
    socket.once('close', () => clearTimeout(deadline))
    // Whatever still arrives goes to the HTTP parser and the dumped request: nothing is buffered.
    req.resume()
  }
}

/** The media type of a `Content-Type` header, lower-cased and without parameters. */
export function mediaType(contentType: string | undefined): string | null {
  if (contentType === undefined) return null
  return contentType.split(';')[0]!.trim().toLowerCase()
}

/** Whether a parsed JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses a JSON body; an empty body is `undefined`. */
export function parseJsonBody(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  const text = body.toString('utf8')
  if (text.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}
