/** What reading a body with a limit found. */
export type BoundedBody = { ok: true; text: string } | { ok: false }

/**
 * Reads at most `maxBytes` of a request body. A declared `Content-Length` over the limit is
 * refused before reading; a body that grows past it is cancelled, not buffered.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<BoundedBody> {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {})
    return { ok: false }
  }
  if (request.body === null) return { ok: true, text: '' }
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
  return { ok: true, text: Buffer.concat(chunks, size).toString('utf8') }
}
