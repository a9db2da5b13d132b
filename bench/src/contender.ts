/**
 * One way of calling the MediRoutes API with a token: this SDK, or a peer library used the way
 * its documentation shows. The harness only ever sees this interface.
 */
export interface Caller {
  /**
   * Sends `GET path` (relative to the base URL) with the contender's own token handling, reads the
   * body, and resolves to the final HTTP status. Rejects when the library gives up with an error.
   */
  call(path: string): Promise<number>
  /** Releases timers, sockets and stores. */
  close(): Promise<void>
}

/** The contenders, in the order they appear in tables and charts. */
export const CONTENDER_IDS = [
  'plain-fetch',
  'sdk-memory',
  'sdk-redis',
  'openid-client',
  'simple-oauth2',
  'axios-auth-refresh',
] as const

/** One of {@link CONTENDER_IDS}. */
export type ContenderId = (typeof CONTENDER_IDS)[number]

/** Labels for tables and the chart legend. */
export const CONTENDER_LABELS: Record<ContenderId, string> = {
  'plain-fetch': 'plain fetch, fixed token (baseline)',
  'sdk-memory': '@mediroutes/auth-core, memory store',
  'sdk-redis': '@mediroutes/auth-core + redis-store',
  'openid-client': 'openid-client + in-memory cache',
  'simple-oauth2': 'simple-oauth2 password grant',
  'axios-auth-refresh': 'axios + axios-auth-refresh',
}

/** A contender ready to build callers against an emulator. */
export interface Contender {
  readonly id: ContenderId
  /** A caller that holds no token yet (except the baseline, which is handed one). */
  createCaller(baseUrl: string): Promise<Caller>
}

/** The emulator account every contender logs in with. Not a real secret. */
export const DEMO_CREDENTIALS = { username: 'demo', password: 'demo-password' } as const

/**
 * How long before expiry the contenders that refresh ahead of time do so. One value for all of
 * them, scaled to the 3-second tokens of the expiry scenario (with 24-hour tokens the libraries'
 * docs suggest minutes, e.g. simple-oauth2's README uses 300 s).
 */
export const EXPIRY_WINDOW_SECONDS = 1

/** Reads the body so every contender pays for it, and answers the status. */
export async function statusAfterBody(response: Response): Promise<number> {
  await response.arrayBuffer()
  return response.status
}
