import { Redis as IoRedis6 } from 'ioredis'
import { Redis as IoRedis5 } from 'ioredis-v5'
import { createClient as createClient6 } from 'redis'
import { createClient as createClient5 } from 'redis-v5'
import type { RedisClientLike } from '../src/index.js'

/** Every client library and major version the package supports. */
export const CLIENT_KINDS = ['ioredis@6', 'ioredis@5', 'redis@6', 'redis@5'] as const
export type ClientKind = (typeof CLIENT_KINDS)[number]

/** A connected client of `kind`, and how to close it. */
export interface TestClient {
  kind: ClientKind
  client: RedisClientLike
  /** Runs a raw command, for checking what the store left in Redis. */
  command(...args: string[]): Promise<unknown>
  close(): Promise<void>
}

/** Connects a client of `kind` to `url`; connection errors are swallowed as an application would log them. */
export async function connectClient(kind: ClientKind, url: string): Promise<TestClient> {
  switch (kind) {
    case 'ioredis@6':
      return ioredisClient(kind, new IoRedis6(url, { lazyConnect: true }))
    case 'ioredis@5':
      return ioredisClient(kind, new IoRedis5(url, { lazyConnect: true }))
    case 'redis@6':
      return nodeRedisClient(kind, createClient6({ url }))
    case 'redis@5':
      return nodeRedisClient(kind, createClient5({ url }))
  }
}

interface IoRedisLike {
  on(event: 'error', listener: () => void): unknown
  connect(): Promise<void>
  call(command: string, ...args: string[]): Promise<unknown>
  disconnect(): void
}

async function ioredisClient(kind: ClientKind, client: IoRedisLike): Promise<TestClient> {
  client.on('error', () => {})
  await client.connect()
  return {
    kind,
    client: client as unknown as RedisClientLike,
    command: (name, ...args) => client.call(name, ...args),
    close: async () => client.disconnect(),
  }
}

interface NodeRedisLike {
  on(event: 'error', listener: () => void): unknown
  connect(): Promise<unknown>
  sendCommand(args: string[]): Promise<unknown>
  readonly isOpen: boolean
  destroy(): void
}

async function nodeRedisClient(kind: ClientKind, client: NodeRedisLike): Promise<TestClient> {
  client.on('error', () => {})
  await client.connect()
  return {
    kind,
    client: client as unknown as RedisClientLike,
    command: (...args) => client.sendCommand(args),
    close: async () => {
      if (client.isOpen) client.destroy()
    },
  }
}
