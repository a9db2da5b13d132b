import { RedisServer } from '@mediroutes/redis-harness'

/** A `redis-server` started for the fleet scenarios. */
export interface RedisProcess {
  /** e.g. `redis://127.0.0.1:41235`. */
  readonly url: string
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>
}

/**
 * Starts a throw-away `redis-server` (no persistence) on a free loopback port. The binary is
 * `REDIS_SERVER_BIN` or `redis-server` on the PATH.
 * @throws when the binary is missing (the message says how to install it) or never answers PING.
 */
export async function startRedis(): Promise<RedisProcess> {
  const server = await RedisServer.start()
  return { url: server.url, stop: () => server.close() }
}
