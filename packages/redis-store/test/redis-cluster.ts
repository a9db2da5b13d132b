import { RedisServer } from '@mediroutes/redis-harness'
import { Redis } from 'ioredis'

const SLOTS = 16384

/** A three-node Redis Cluster (no replicas) on free ports, made by this test run. */
export class RedisCluster {
  readonly nodes: RedisServer[]

  private constructor(nodes: RedisServer[]) {
    this.nodes = nodes
  }

  static async start(): Promise<RedisCluster> {
    const nodes = await Promise.all(
      [0, 1, 2].map(() =>
        RedisServer.start(['--cluster-enabled', 'yes', '--cluster-node-timeout', '2000']),
      ),
    )
    const cluster = new RedisCluster(nodes)
    try {
      await cluster.#form()
    } catch (error) {
      await cluster.close()
      throw error
    }
    return cluster
  }

  /** `{ host, port }` of every node, for cluster clients. */
  get rootNodes(): Array<{ host: string; port: number }> {
    return this.nodes.map((node) => ({ host: '127.0.0.1', port: node.port }))
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.close()))
  }

  /** Splits the slots between the nodes and introduces them to each other, as `redis-cli --cluster create` would. */
  async #form(): Promise<void> {
    const admins = this.nodes.map((node) => new Redis(node.port, '127.0.0.1'))
    try {
      const share = Math.ceil(SLOTS / admins.length)
      await Promise.all(
        admins.map((admin, i) =>
          admin.call(
            'CLUSTER',
            'ADDSLOTSRANGE',
            String(i * share),
            String(Math.min(SLOTS, (i + 1) * share) - 1),
          ),
        ),
      )
      for (const node of this.nodes.slice(1))
        await admins[0]!.call('CLUSTER', 'MEET', '127.0.0.1', String(node.port))
      const deadline = Date.now() + 20_000
      for (;;) {
        const infos = await Promise.all(
          admins.map((admin) => admin.call('CLUSTER', 'INFO') as Promise<string>),
        )
        if (
          infos.every(
            (info) => info.includes('cluster_state:ok') && info.includes('cluster_known_nodes:3'),
          )
        )
          return
        if (Date.now() > deadline)
          throw new Error(`the test cluster did not form: ${infos.join(' | ')}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      for (const admin of admins) admin.disconnect()
    }
  }
}
