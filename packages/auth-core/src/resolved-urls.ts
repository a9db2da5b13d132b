import { resolveApiUrl } from './authenticated-fetch.js'

/** Enough for the paths an app calls again and again; a query string per call never grows it past this. */
const MAX_ENTRIES = 256

/**
 * Resolved, origin-checked URLs of the string paths a client is called with, so a repeated path
 * is parsed and checked once. Parsing a URL against the base was the largest cost the client
 * added to a call. The URLs handed out are shared: callers must not change them.
 */
export class ResolvedUrls {
  readonly #base: URL
  readonly #cache = new Map<string, URL>()

  constructor(base: URL) {
    this.#base = base
  }

  resolve(input: string | URL): URL {
    if (typeof input !== 'string') return resolveApiUrl(input, this.#base)
    let url = this.#cache.get(input)
    if (url === undefined) {
      // Throws for another origin: a refused input is never cached.
      url = resolveApiUrl(input, this.#base)
      if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear()
      this.#cache.set(input, url)
    }
    return url
  }
}
