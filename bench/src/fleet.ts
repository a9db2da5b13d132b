import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ContenderId } from './contender.js'
import type { ContenderSetup } from './contenders/index.js'
import type { FromWorker, ToWorker } from './fleet-protocol.js'
import { emptyResult, type LoadResult, mergeInto } from './load.js'

/** Several processes, each with its own caller of one contender, driven in lock-step. */
export interface Fleet {
  /** Every process makes one call and waits for it (to hold a token before the scenario starts); resolves to their statuses (`null` for an error). */
  warm(path: string): Promise<Array<number | null>>
  /** Every process starts `calls` concurrent calls at the same moment; the results are merged. */
  run(calls: number, path: string): Promise<LoadResult>
  /** Closes every caller and waits for the processes to exit. */
  close(): Promise<void>
}

/** Options of {@link startFleet}. */
export interface FleetOptions {
  size: number
  contender: ContenderId
  setup: ContenderSetup
  baseUrl: string
  /** The compiled worker script. Default: `fleet-worker.js` beside this module. */
  workerPath?: string
  /** Longest wait for any one answer of a process. Default 60 s. */
  timeoutMs?: number
}

/** Waits for the next message of `type` from `child`; rejects on an `error` message, exit or timeout. */
function answer<T extends FromWorker['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    const onMessage = (message: FromWorker) => {
      if (message.type !== type && message.type !== 'error') return
      cleanup()
      if (message.type === 'error') reject(new Error(`fleet process failed: ${message.message}`))
      else resolve(message as Extract<FromWorker, { type: T }>)
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`fleet process exited with code ${code} while waiting for "${type}"`))
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`fleet process gave no "${type}" within ${timeoutMs} ms`))
    }, timeoutMs)
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/**
 * Forks `size` processes and builds a cold caller in each.
 * @throws when a process fails to start or to build its caller (the others are stopped).
 */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const workerPath =
    options.workerPath ?? fileURLToPath(new URL('./fleet-worker.js', import.meta.url))
  const timeoutMs = options.timeoutMs ?? 60_000
  const children = Array.from({ length: options.size }, () =>
    fork(workerPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  )
  const all = <T extends FromWorker['type']>(message: ToWorker, type: T) =>
    Promise.all(
      children.map((child) => {
        const reply = answer(child, type, timeoutMs)
        child.send(message)
        return reply
      }),
    )
  const kill = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  }
  try {
    await all(
      {
        type: 'init',
        contender: options.contender,
        setup: options.setup,
        baseUrl: options.baseUrl,
      },
      'ready',
    )
  } catch (error) {
    kill()
    throw error
  }
  return {
    async warm(path) {
      return (await all({ type: 'warm', path }, 'warmed')).map((reply) => reply.status)
    },
    async run(calls, path) {
      const started = performance.now()
      const replies = await all({ type: 'run', calls, path }, 'done')
      const total = replies.reduce((sum, reply) => mergeInto(sum, reply.result), emptyResult())
      total.seconds = (performance.now() - started) / 1000
      return total
    },
    async close() {
      const exited = children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve()
            child.once('exit', () => resolve())
          }),
      )
      await all({ type: 'close' }, 'closed').catch(kill)
      const timer = setTimeout(kill, 5000)
      await Promise.all(exited)
      clearTimeout(timer)
    },
  }
}
