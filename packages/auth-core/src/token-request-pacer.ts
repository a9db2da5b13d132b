import { sleep } from './retry.js'

/** MediRoutes allows 10 `/token` requests per second per IP. */
export const TOKEN_REQUESTS_PER_SECOND = 10
/** A little longer than a second: requests reach the server with some jitter after they leave. */
const WINDOW_MS = 1100

/**
 * Keeps token requests under the vendor's per-second limit. Shared by every client in the
 * process that talks to the same token endpoint, because the limit is per IP, not per client.
 */
export class TokenRequestPacer {
  readonly #sent: number[] = []
  #blockedUntil = 0

  constructor(private readonly limit: number = TOKEN_REQUESTS_PER_SECOND) {}

  /** Waits until a request may be sent, then books the slot. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now()
      while (this.#sent.length > 0 && this.#sent[0]! <= now - WINDOW_MS) this.#sent.shift()
      const waitForServer = this.#blockedUntil - now
      const waitForWindow = this.#sent.length < this.limit ? 0 : this.#sent[0]! + WINDOW_MS - now
      const wait = Math.max(waitForServer, waitForWindow)
      if (wait <= 0) {
        this.#sent.push(now)
        return
      }
      await sleep(wait, signal, { background: true })
    }
  }

  /** Blocks every request until `until` (epoch ms), after a 429 with `Retry-After`. */
  blockUntil(until: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, until)
  }
}

const pacers = new Map<string, TokenRequestPacer>()

/** The process-wide pacer for one token endpoint's host. */
export function pacerFor(tokenEndpoint: string): TokenRequestPacer {
  const host = new URL(tokenEndpoint).host
  let pacer = pacers.get(host)
  if (pacer === undefined) {
    pacer = new TokenRequestPacer()
    pacers.set(host, pacer)
  }
  return pacer
}
