import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { DEMO_USER } from '@mediroutes/mock-server'

const WORKER = fileURLToPath(new URL('./fixtures/fleet-worker.mjs', import.meta.url))

/** How a worker connects; the defaults log in as the emulator's demo user. */
export interface WorkerConfig {
  baseUrl: string
  redisUrl?: string
  client?: 'ioredis' | 'redis'
  /** Use the default in-process store instead of Redis (for comparisons). */
  memory?: boolean
  keyPrefix?: string
  timeoutMs?: number
  refreshWindowSeconds?: number
  encryptionKey?: string
}

/** A line a worker printed. */
export interface WorkerEvent {
  event: string
  pid: number
  ok?: number
  failed?: number
  statuses?: Record<string, number>
  errors?: Record<string, number>
  ms?: number
}

/** One fleet instance: a child process running the built package. */
export class FleetWorker {
  readonly #child: ChildProcess
  readonly #events: WorkerEvent[] = []
  readonly #waiting = new Set<() => void>()
  #stderr = ''
  #exited = false

  private constructor(config: WorkerConfig) {
    const env = {
      ...process.env,
      FLEET_WORKER: JSON.stringify({
        username: DEMO_USER.username,
        password: DEMO_USER.password,
        ...config,
      }),
    }
    this.#child = spawn(process.execPath, [WORKER], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      try {
        this.#events.push(JSON.parse(line) as WorkerEvent)
      } catch {
        this.#stderr += `${line}\n`
      }
      this.#notify()
    })
    this.#child.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000)
    })
    this.#child.on('exit', () => {
      this.#exited = true
      this.#notify()
    })
  }

  /** Starts a worker and waits until it is ready for commands. */
  static async start(config: WorkerConfig): Promise<FleetWorker> {
    const worker = new FleetWorker(config)
    await worker.next('started')
    return worker
  }

  get pid(): number | undefined {
    return this.#child.pid
  }

  send(command: string): void {
    this.#child.stdin!.write(`${command}\n`)
  }

  /** The log lines the worker printed so far (warnings and errors of the store and the client). */
  logs(): string[] {
    return this.#events.filter((e) => e.event === 'log').map((e) => `${e.pid} ${JSON.stringify(e)}`)
  }

  /** The next event named `name` (consumed), waiting up to `timeoutMs`. */
  async next(name: string, timeoutMs = 60_000): Promise<WorkerEvent> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const index = this.#events.findIndex((e) => e.event === name)
      if (index >= 0) return this.#events.splice(index, 1)[0]!
      if (this.#exited)
        throw new Error(`worker ${this.pid} exited before "${name}": ${this.#stderr}`)
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(
          `worker ${this.pid} sent no "${name}" within ${timeoutMs} ms: ${this.#stderr}`,
        )
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left)
        function done() {
          clearTimeout(timer)
          resolve()
        }
        this.#waiting.add(done)
      })
    }
  }

  /** Kills the process at once, as a crash would. */
  async kill(): Promise<void> {
    if (this.#exited) return
    const exited = new Promise((resolve) => this.#child.once('exit', resolve))
    this.#child.kill('SIGKILL')
    await exited
  }

  /** Asks the worker to exit, killing it if it does not within 5 s. */
  async close(): Promise<void> {
    if (this.#exited) return
    const exited = new Promise((resolve) => this.#child.once('exit', resolve))
    this.send('exit')
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  #notify(): void {
    const waiting = [...this.#waiting]
    this.#waiting.clear()
    for (const done of waiting) done()
  }
}

/** Starts `count` workers in parallel, alternating ioredis and node-redis. */
export async function startFleet(count: number, config: WorkerConfig): Promise<FleetWorker[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      FleetWorker.start({ client: i % 2 === 0 ? 'ioredis' : 'redis', ...config }),
    ),
  )
}

/** Sends `command` to every worker and collects each one's `event`. */
export async function everyone(
  workers: FleetWorker[],
  command: string,
  event: string,
  timeoutMs?: number,
): Promise<WorkerEvent[]> {
  for (const worker of workers) worker.send(command)
  return Promise.all(workers.map((worker) => worker.next(event, timeoutMs)))
}
