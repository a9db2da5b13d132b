import { configError } from './config-error.js'
import { withDeadline } from './deadline.js'
import type { LuaScript } from './lua-scripts.js'

/** Any function: the store checks the methods it calls at run time, so every client version fits. */
type Method = (...args: never[]) => unknown

/** The parts of an ioredis (v5, v6) `Redis` or `Cluster` that the store uses. */
export interface IoRedisClientLike {
  evalsha: Method
  eval: Method
  duplicate: Method
  status: string
}

/** The parts of a node-redis (v5, v6) client or cluster that the store uses. */
export interface NodeRedisClientLike {
  evalSha: Method
  eval: Method
  duplicate: Method
  /** Missing on node-redis 5 clusters. */
  isReady?: boolean
}

/** A Redis client the store accepts: an ioredis or a node-redis client, single node or cluster. */
export type RedisClientLike = IoRedisClientLike | NodeRedisClientLike

/** What a subscriber connection reports. */
export interface SubscriberEvents {
  message(channel: string, message: string): void
  /** Connected and (re)subscribed; messages sent while it was down are lost. */
  ready(): void
  down(): void
}

/** A pub/sub connection the store created itself (and so closes itself). */
export interface Subscriber {
  subscribe(channel: string): Promise<void>
  close(): Promise<void>
}

/** One small surface over both client libraries: scripts, readiness and a subscriber. */
export interface RedisConnection {
  readonly kind: 'ioredis' | 'node-redis'
  /** False while the client is known to be disconnected, so a call can fail at once instead of queueing. */
  ready(): boolean
  /** Runs a script by `EVALSHA`, loading it by `EVAL` when the server does not have it (after a restart). */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown>
  /** A new connection for pub/sub, duplicated from the client. */
  createSubscriber(events: SubscriberEvents): Subscriber
}

interface Emitter {
  on(event: string, listener: (...args: never[]) => void): unknown
}

type Dynamic = Record<string, (...args: unknown[]) => unknown>

/**
 * Wraps an ioredis or node-redis client.
 * @throws {MediRoutesAuthError} `invalid_config` when `client` is neither.
 */
export function redisConnection(client: unknown): RedisConnection {
  if (typeof client !== 'object' || client === null) {
    throw configError(
      'client is required: pass an ioredis client (new Redis(url)) or a connected node-redis client (createClient({ url }))',
    )
  }
  const c = client as Record<string, unknown>
  const hasDuplicate = typeof c.duplicate === 'function'
  if (typeof c.evalsha === 'function' && hasDuplicate)
    return new IoRedisConnection(client as IoRedisClientLike)
  if (typeof c.evalSha === 'function' && hasDuplicate)
    return new NodeRedisConnection(client as NodeRedisClientLike)
  throw configError(
    'client must be an ioredis client (new Redis(url) or new Redis.Cluster(nodes)) or a node-redis client (createClient() or createCluster(), connected)',
  )
}

function isNoScript(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' && message.startsWith('NOSCRIPT')
}

abstract class ScriptRunner {
  abstract readonly kind: 'ioredis' | 'node-redis'
  abstract ready(): boolean
  abstract createSubscriber(events: SubscriberEvents): Subscriber
  protected abstract evalSha(sha: string, keys: string[], args: string[]): Promise<unknown>
  protected abstract evalSource(source: string, keys: string[], args: string[]): Promise<unknown>

  async run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.evalSha(script.sha, keys, args)
    } catch (error) {
      if (!isNoScript(error)) throw error
      return this.evalSource(script.source, keys, args)
    }
  }
}

/** ioredis: `Redis` and `Cluster` share this API; both resubscribe by themselves after a reconnect. */
class IoRedisConnection extends ScriptRunner implements RedisConnection {
  readonly kind = 'ioredis'
  readonly #client: Dynamic & { status: string }

  constructor(client: IoRedisClientLike) {
    super()
    this.#client = client as unknown as Dynamic & { status: string }
  }

  ready(): boolean {
    // 'wait' is a lazyConnect client that connects on its first command; let that command through.
    const status = this.#client.status
    return status !== 'reconnecting' && status !== 'close' && status !== 'end'
  }

  protected evalSha(sha: string, keys: string[], args: string[]): Promise<unknown> {
    return this.#client.evalsha!(sha, keys.length, ...keys, ...args) as Promise<unknown>
  }

  protected evalSource(source: string, keys: string[], args: string[]): Promise<unknown> {
    return this.#client.eval!(source, keys.length, ...keys, ...args) as Promise<unknown>
  }

  createSubscriber(events: SubscriberEvents): Subscriber {
    const sub = this.#client.duplicate!() as Dynamic & Emitter & { status?: string }
    sub.on('message', ((channel: string, message: string) =>
      events.message(channel, message)) as never)
    sub.on('ready', events.ready)
    sub.on('close', events.down)
    // Without a listener ioredis prints every connection error; the store reports outages itself.
    sub.on('error', () => {})
    return {
      subscribe: async (channel) => {
        await sub.subscribe!(channel)
      },
      close: () =>
        closeConnection(
          sub.status === 'ready',
          () => sub.quit!(),
          () => sub.disconnect!(),
        ),
    }
  }
}

/** node-redis v5/v6: the client must be connected by its owner; the subscriber is connected here. */
class NodeRedisConnection extends ScriptRunner implements RedisConnection {
  readonly kind = 'node-redis'
  readonly #client: Dynamic & { isReady?: boolean }

  constructor(client: NodeRedisClientLike) {
    super()
    this.#client = client as unknown as Dynamic & { isReady?: boolean }
  }

  ready(): boolean {
    // Not ready means closed (commands fail) or reconnecting (commands queue until a timeout).
    return this.#client.isReady !== false
  }

  protected evalSha(sha: string, keys: string[], args: string[]): Promise<unknown> {
    return this.#client.evalSha!(sha, { keys, arguments: args }) as Promise<unknown>
  }

  protected evalSource(source: string, keys: string[], args: string[]): Promise<unknown> {
    return this.#client.eval!(source, { keys, arguments: args }) as Promise<unknown>
  }

  createSubscriber(events: SubscriberEvents): Subscriber {
    const sub = this.#client.duplicate!() as Dynamic &
      Emitter & { isOpen?: boolean; isReady?: boolean }
    // node-redis throws an 'error' event that has no listener, which would end the process.
    sub.on('error', events.down)
    sub.on('ready', events.ready)
    sub.on('end', events.down)
    const listener = (message: string, channel: string) => events.message(channel, message)
    let connecting: Promise<unknown> = Promise.resolve()
    const open = () => {
      // A failed first connect leaves the duplicate closed; open it again on the next subscribe.
      if (sub.isOpen !== true) connecting = (sub.connect!() as Promise<unknown>).catch(() => {})
      return connecting
    }
    open()
    return {
      subscribe: async (channel) => {
        await open()
        await sub.subscribe!(channel, listener)
      },
      close: async () => {
        if (sub.isOpen !== true) return
        await closeConnection(
          sub.isReady === true,
          () => sub.close!(),
          () => sub.destroy!(),
        )
      },
    }
  }
}

/**
 * Closes a connection the store created: gracefully when it is connected (bounded, in case the
 * server stops answering), at once otherwise, since a graceful close would wait for a reconnect.
 */
async function closeConnection(
  connected: boolean,
  graceful: () => unknown,
  force: () => unknown,
): Promise<void> {
  if (!connected) {
    force()
    return
  }
  try {
    await withDeadline(Promise.resolve(graceful()), 1000)
  } catch {
    force()
  }
}
