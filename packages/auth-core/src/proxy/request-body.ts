/** The outcome of reading a request body under a size limit. */
export type LimitedBody = { ok: true; body: Uint8Array<ArrayBuffer> | undefined } | { ok: false }

/**
 * Reads the body, refusing more than `maxBytes`: at once from `Content-Length`, and while
 * reading for a body that lies about its length or sends none (chunked). Reading stops at the
 * first byte over the limit. Buffered rather than streamed upstream, so the core can replay the
 * request after refreshing a token the API refused.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = request.headers.get('content-length')
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {})
    return { ok: false }
  }
  if (request.body === null) return { ok: true, body: undefined }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return { ok: false }
    }
    chunks.push(value)
  }
  if (size === 0) return { ok: true, body: undefined }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { ok: true, body }
}
