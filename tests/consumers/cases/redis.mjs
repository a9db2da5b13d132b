// The Redis store with each supported client: ioredis 5 and 6, node-redis 5 and 6, against the
// run's own redis-server. node-redis 4 is not supported (not in the peer range): the store works
// with it, but closing it leaves a connection open, so the process never exits.
import { join } from 'node:path'

const fixtures = join(import.meta.dirname, 'fixtures/redis')

function redisProject(client, version) {
  return {
    weight: 1,
    redis: true,
    manifest: { type: 'module' },
    packages: ['@mediroutes/auth-core', '@mediroutes/redis-store'],
    devPackages: ['@mediroutes/mock-server'],
    dependencies: { [client]: version },
    files(project) {
      project.copy(join(fixtures, 'fleet.mjs'), 'fleet.mjs')
    },
  }
}

const clients = [
  ['ioredis-5', 'ioredis', '5.11.1'],
  ['ioredis-6', 'ioredis', '6.1.0'],
  ['node-redis-5', 'redis', '5.12.4'],
  ['node-redis-6', 'redis', '6.4.0'],
]

export const projects = Object.fromEntries(
  clients.map(([name, client, version]) => [name, redisProject(client, version)]),
)

export const cases = clients.map(([name, client]) => ({
  name: `redis-store-${name}`,
  project: name,
  framework: [client],
  async run(project, shared) {
    await project.exec('node', ['fleet.mjs'], {
      env: { REDIS_URL: shared.redis.url(), REDIS_CLIENT: client },
      timeoutMs: 60_000,
    })
  },
}))
