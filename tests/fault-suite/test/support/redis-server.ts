import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const MISSING =
  'redis-server was not found: install it (apt-get install redis-server) or set REDIS_SERVER_BIN. This suite never skips the Redis scenarios.'

/** A free TCP port on loopback at the time of asking. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
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

/** Whether a Redis on `port` answers PING within half a second. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
  })
}

/**
 * A `redis-server` of this test run on a free loopback port, without persistence, that a test
 * can kill (as a crash would) and start again on the same port, empty.
 */
export class RedisServer {
  readonly port: number
  readonly #dir = mkdtempSync(join(tmpdir(), 'fault-suite-redis-'))
  #child: ChildProcess | undefined
  #output = ''

  private constructor(port: number) {
    this.port = port
  }

  /** Starts a server. @throws naming how to install `redis-server` when it is missing. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort())
    try {
      await server.restart()
    } catch (error) {
      await server.close()
      throw error
    }
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts the server again on its port after {@link stop}; its data is gone. */
  async restart(): Promise<void> {
    if (this.#child !== undefined) return
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]
    args.push('--dir', this.#dir, '--daemonize', 'no', '--loglevel', 'warning')
    const child = spawn(process.env.REDIS_SERVER_BIN || 'redis-server', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.#output = ''
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-2000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const spawned = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true))
      child.once('error', () => resolve(false))
    })
    if (!spawned) throw new Error(MISSING)
    let exited = false
    child.once('exit', () => {
      exited = true
      if (this.#child === child) this.#child = undefined
    })
    this.#child = child
    const until = Date.now() + 10_000
    while (!(await answersPing(this.port))) {
      if (exited || Date.now() > until) {
        await this.stop()
        throw new Error(`redis-server on port ${this.port} did not start: ${this.#output.trim()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /** Kills the server at once (SIGKILL). */
  async stop(): Promise<void> {
    const child = this.#child
    this.#child = undefined
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }

  /** Stops the server and removes its directory. */
  async close(): Promise<void> {
    await this.stop()
    rmSync(this.#dir, { recursive: true, force: true })
  }
}
