// Starts the worker processes of the simulated fleet and talks to them over IPC.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const WORKER = fileURLToPath(new URL('./worker.mjs', import.meta.url))

/** Waits for the next reply of `type` from `child`; rejects on an error reply, an exit or a timeout. */
function reply(child, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    const onMessage = (message) => {
      if (message.type !== type && message.type !== 'error') return
      cleanup()
      if (message.type === 'error') reject(new Error(`fleet worker failed (${message.message})`))
      else resolve(message)
    }
    const onExit = (code) => {
      cleanup()
      reject(new Error(`fleet worker exited with code ${code} while waiting for "${type}"`))
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`fleet worker gave no "${type}" within ${timeoutMs} ms`))
    }, timeoutMs)
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/**
 * Forks `processes` workers hosting `instances` client instances between them, each instance with
 * its own Redis connection and store.
 */
export async function startFleet({ instances, processes, timeoutMs = 120_000, ...config }) {
  const children = Array.from({ length: processes }, () =>
    fork(WORKER, [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  )
  const kill = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  }
  const ask = (child, message, type) => {
    const answer = reply(child, type, timeoutMs)
    child.send(message)
    return answer
  }
  const all = (message, type) => Promise.all(children.map((child) => ask(child, message, type)))
  try {
    const base = Math.floor(instances / processes)
    const extra = instances % processes
    const ready = await Promise.all(
      children.map((child, index) =>
        ask(child, { type: 'init', ...config, count: base + (index < extra ? 1 : 0) }, 'ready'),
      ),
    )
    return {
      ready,
      all,
      one: (message, type) => ask(children[0], message, type),
      async close() {
        const exited = children.map(
          (child) =>
            new Promise((resolve) => {
              if (child.exitCode !== null) return resolve()
              child.once('exit', () => resolve())
            }),
        )
        await all({ type: 'close' }, 'closed').catch(kill)
        const timer = setTimeout(kill, 10_000)
        await Promise.all(exited)
        clearTimeout(timer)
      },
    }
  } catch (error) {
    kill()
    throw error
  }
}
