import { describeError } from './describe-error.js'
import type { Logger } from './logger.js'
import { abortable, sleep } from './retry.js'
import type { TokenSet } from './token-set.js'
import type { TokenLease, TokenStore } from './token-store.js'

/** What {@link waitForLease} needs from the token manager. */
export interface LeaseWait {
  store: TokenStore
  key: string
  logger: Logger
  /** Aborted when the client closes. */
  signal: AbortSignal
  /** The lease's time to live. */
  leaseMs: number
  /** Epoch ms after which a lease still held by another process is ignored. */
  waitUntil: number
  read(): Promise<TokenSet | undefined>
  isFresh(tokens: TokenSet | undefined): tokens is TokenSet
}

/** Either a fresh token another process got, or what to start a grant from. */
export type LeaseOutcome =
  | { fresh: TokenSet }
  | { fresh?: undefined; lease: TokenLease | null; current: TokenSet | undefined }

/**
 * Waits for the cross-process lease of a store that has one, or for the token of whoever holds
 * it. Stores without a lease (or whose lease fails) leave the in-process lock alone in charge.
 */
export async function waitForLease(wait: LeaseWait): Promise<LeaseOutcome> {
  const { store, key, logger, signal } = wait
  // The newest value read: a grant starts from it (its refresh token) without reading again.
  let current: TokenSet | undefined
  for (let round = 0; ; round++) {
    current = await wait.read()
    if (wait.isFresh(current)) return { fresh: current }
    if (store.acquireLease === undefined) return { lease: null, current }
    let lease: TokenLease | null
    try {
      lease = await store.acquireLease(key, wait.leaseMs)
    } catch (error) {
      logger.warn(
        { err: describeError(error) },
        'MediRoutes token store lease failed; continuing with the in-process lock',
      )
      return { lease: null, current }
    }
    if (lease !== null) {
      // Between our read and the lease another process may have finished its grant.
      current = await wait.read()
      if (wait.isFresh(current)) {
        await lease.release().catch(() => {})
        return { fresh: current }
      }
      return { lease, current }
    }
    if (Date.now() > wait.waitUntil) {
      logger.warn(
        {},
        'MediRoutes token lease still held by another process; fetching a token without it',
      )
      return { lease: null, current }
    }
    if (store.waitForUpdate) await abortable(store.waitForUpdate(key, 250), signal)
    else await sleep(Math.min(1000, 50 * 2 ** round), signal, { background: true })
  }
}
