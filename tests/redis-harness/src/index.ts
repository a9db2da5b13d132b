import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The error message when the binary is missing: tests fail with it, never skip. */
export const REDIS_SERVER_NOT_FOUND =
  'redis-server not found: install Redis (apt-get install redis-server) or set REDIS_SERVER_BIN'

/** A free TCP port on loopback (free when asked; the caller retries if another process takes it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/** Resolves once `port` answers PING, or rejects after `timeoutMs`. */
async function waitForPong(
  port: number,
  timeoutMs: number,
  exited: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const exit = exited()
    if (exit !== undefined) throw new Error(`redis-server exited while starting: ${exit}`)
    if (await ping(port)) return
    if (Date.now() > deadline)
      throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

/** Servers still running, killed if the test process exits without stopping them (an aborted run). */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * A `redis-server` this test run starts on a free port, without persistence, so that tests can
 * stop it (as a crash would) and start it again on the same port.
 */
export class RedisServer {
  readonly port: number
  readonly #dir: string
  readonly #extraArgs: string[]
  #child: ChildProcess | undefined
  #output = ''

  private constructor(port: number, extraArgs: string[]) {
    this.port = port
    this.#extraArgs = extraArgs
    this.#dir = mkdtempSync(join(tmpdir(), 'mediroutes-redis-'))
  }

  /** Starts a server on a free port. @throws when `redis-server` is missing, naming how to install it. */
  static async start(extraArgs: string[] = []): Promise<RedisServer> {
    let lastError: unknown
    for (let attempt = 0; attempt < 3; attempt++) {
      const server = new RedisServer(await freePort(), extraArgs)
      try {
        await server.restart()
        return server
      } catch (error) {
        if ((error as Error).message === REDIS_SERVER_NOT_FOUND) throw error
        lastError = error
        await server.close()
      }
    }
    throw lastError
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  get running(): boolean {
    return this.#child !== undefined
  }

  /** Starts the server again on the same port (after {@link stop}); its data is gone, as after a crash. */
  async restart(): Promise<void> {
    if (this.#child !== undefined) return
    const bin = process.env.REDIS_SERVER_BIN || 'redis-server'
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.#dir,
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
      ...this.#extraArgs,
    ]
    let exit: string | undefined
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.#output = ''
    const collect = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-2000)
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    const spawned = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true))
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') resolve(false)
      })
    })
    if (!spawned) throw new Error(REDIS_SERVER_NOT_FOUND)
    running.add(child)
    child.once('exit', (code, signal) => {
      running.delete(child)
      exit = `code ${code} signal ${signal}: ${this.#output.trim()}`
      if (this.#child === child) this.#child = undefined
    })
    this.#child = child
    try {
      await waitForPong(this.port, 10_000, () => exit)
    } catch (error) {
      await this.stop()
      throw error
    }
  }

  /** Kills the server at once (SIGKILL), as a crash or a lost host would. */
  async stop(): Promise<void> {
    const child = this.#child
    if (child === undefined) return
    this.#child = undefined
    if (child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, like a hung host. */
  pause(): void {
    this.#child?.kill('SIGSTOP')
  }

  /** Lets a paused server run again (SIGCONT); it then answers what was sent meanwhile. */
  resume(): void {
    this.#child?.kill('SIGCONT')
  }

  /** Stops the server and removes its directory. */
  async close(): Promise<void> {
    await this.stop()
    rmSync(this.#dir, { recursive: true, force: true })
  }
}
