import type { TokenSet } from './token-set.js'

/** A held cross-process lock; release it when the grant is done. */
export interface TokenLease {
  release(): Promise<void>
  /**
   * Optional: keeps the lease for `ttlMs` from now. The client calls it before each attempt and
   * each wait of a grant, so a long grant (retries, `Retry-After`) keeps the lease while a holder
   * that died still loses it after one `ttlMs`.
   */
  extend?(ttlMs: number): Promise<void>
}

/**
 * Where token sets live. The default {@link MemoryTokenStore} serves one process; a shared
 * store (such as `@mediroutes/redis-store`) lets a fleet of processes share one login.
 *
 * Keys are derived by the client from base URL and username and never contain either.
 */
export interface TokenStore {
  /**
   * The token set under `key`, or `undefined` when there is none (or none this store can use).
   * A set whose access token was reported refused (see {@link TokenStore.reportRejected}) is
   * returned shown as expired (`expiresAt` equal to `issuedAt`), with its refresh token, so the
   * client refreshes instead of sending the refused token again. Fields stored beside the token
   * set (such as `access`) come back with it.
   */
  get(key: string): Promise<TokenSet | undefined>
  /**
   * Optional: the value `get(key)` would resolve to now, when the store knows it without I/O, or
   * `undefined` when it does not (the client then calls `get`). Lets the client hand out a token
   * it knows is fresh without awaiting the store on every call. Return the same object for as
   * long as the stored set is unchanged: the client serves its cached token only while `peek`
   * returns that very object. A store shared between processes must return only a value it knows
   * is current: a set another process replaced, deleted or reported refused must not come back.
   */
  peek?(key: string): TokenSet | undefined
  /** Stores a token set; `ttlMs` is how long it stays useful (the refresh token outlives the access token). */
  set(key: string, value: TokenSet, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Optional cross-process lock around a grant, so a fleet performs one grant at a time per key.
   * Resolves to a lease when taken, or `null` when another process holds it. A lease expires by
   * itself after `ttlMs`, so a holder that dies does not block the others for long. A lease on
   * `key`, or on `<key>:<purpose>`, guards the value under `key`: once it is taken, the next
   * `get(key)` must read the shared value, not a local copy, so the holder sees the last
   * holder's write.
   */
  acquireLease?(key: string, ttlMs: number): Promise<TokenLease | null>
  /**
   * Optional: resolves when the value under `key` may have changed, or after `timeoutMs`.
   * Lets processes that lost the lease wait for the winner's result instead of polling blindly.
   */
  waitForUpdate?(key: string, timeoutMs: number): Promise<void>
  /**
   * Optional: tells other processes that the access token `accessToken` was refused by the API,
   * so that they stop using their cached copy of it. From then on every process's `get` shows
   * the set holding that token as expired, until a newer set replaces it.
   */
  reportRejected?(key: string, accessToken: string): Promise<void>
  /** Optional: releases what the store created (not clients passed in by the user). */
  close?(): Promise<void>
}
