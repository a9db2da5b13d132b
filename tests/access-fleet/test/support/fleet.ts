import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const WORKER = fileURLToPath(new URL('./fleet-worker.mjs', import.meta.url))

/** How a worker connects: the emulator, the shared Redis, the account. */
export interface WorkerConfig {
  baseUrl: string
  redisUrl: string
  username: string
  password: string
  encryptionKey: string
  /** A fleet-wide API budget in Redis (`createRedisRequestBudget` options); default: the client's own. */
  apiBudget?: { limit: number; windowMs: number }
}

type Reply = Record<string, unknown> & { failure?: { code: string; message: string } }

/** One process of the fleet, running the built packages. */
export class FleetWorker {
  readonly #child: ChildProcess
  readonly #pending = new Map<number, (reply: Reply) => void>()
  readonly #started: Promise<void>
  #nextId = 1
  /** Everything the process printed: stdout lines (replies and log lines) and stderr. */
  output = ''

  constructor(config: WorkerConfig) {
    this.#child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, ACCESS_FLEET_WORKER: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let started: () => void
    this.#started = new Promise((resolve) => {
      started = resolve
    })
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      this.output += `${line}\n`
      let message: Reply & { event?: string; id?: number }
      try {
        message = JSON.parse(line)
      } catch {
        return
      }
      if (message.event === 'started') started()
      if (message.event === 'reply' && message.id !== undefined) {
        this.#pending.get(message.id)?.(message)
        this.#pending.delete(message.id)
      }
    })
    this.#child.stderr!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString()
    })
    this.#child.on('exit', (code) => {
      for (const resolve of this.#pending.values())
        resolve({
          failure: {
            code: 'exited',
            message: `worker exited with ${code}: ${this.output.slice(-2000)}`,
          },
        })
      this.#pending.clear()
    })
  }

  ready(): Promise<void> {
    return this.#started
  }

  /** Sends a command and resolves with the worker's reply. */
  run<T extends Reply = Reply>(command: Record<string, unknown>): Promise<T> {
    const id = this.#nextId++
    return new Promise<T>((resolve) => {
      this.#pending.set(id, resolve as (reply: Reply) => void)
      this.#child.stdin!.write(`${JSON.stringify({ ...command, id })}\n`)
    })
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return
    const exited = new Promise((resolve) => this.#child.once('exit', resolve))
    await Promise.race([this.run({ cmd: 'close' }), exited])
    if (this.#child.exitCode === null) this.#child.kill('SIGKILL')
  }
}

/** Starts `count` workers and waits until each is ready. */
export async function startFleet(count: number, config: WorkerConfig): Promise<FleetWorker[]> {
  const workers = Array.from({ length: count }, () => new FleetWorker(config))
  await Promise.all(workers.map((w) => w.ready()))
  return workers
}
