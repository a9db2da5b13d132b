import type { IncomingMessage } from 'node:http'

/** The largest request body the emulator reads: 1 MiB. Larger bodies are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024

/** A request body, or the marker that it exceeded {@link MAX_BODY_BYTES}. */
export type RequestBody = { tooLarge: false; bytes: Buffer } | { tooLarge: true }

/**
 * Reads a request body up to {@link MAX_BODY_BYTES}.
 *
 * An oversized body is still drained in the background rather than the socket being
 * cut: a client that is mid-upload then reads the 413 instead of failing with EPIPE.
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
