import { spawn } from 'node:child_process'
import { createServer, Socket } from 'node:net'

/** A `redis-server` started for the fleet scenarios. */
export interface RedisProcess {
  /** e.g. `redis://127.0.0.1:41235`. */
  readonly url: string
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>
}

const NOT_FOUND =
  'redis-server not found: install Redis (apt-get install redis-server) or set REDIS_SERVER_BIN'

/** A TCP port that was free on loopback a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('the OS gave no port')),
      )
    })
  })
}

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
 * Starts a throw-away `redis-server` (no persistence) on a free loopback port. The binary is
 * `REDIS_SERVER_BIN` or `redis-server` on the PATH.
 * @throws when the binary is missing (the message says how to install it) or never answers PING.
 */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort()
  const bin = process.env.REDIS_SERVER_BIN || 'redis-server'
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const child = spawn(bin, [...args, '--loglevel', 'warning'], { stdio: 'ignore' })
  const spawned = await new Promise<boolean>((resolve, reject) => {
    child.once('spawn', () => resolve(true))
    child.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? resolve(false) : reject(error),
    )
  })
  if (!spawned) throw new Error(NOT_FOUND)
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  const deadline = Date.now() + 10_000
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`redis-server on port ${port} did not answer PING within 10 s`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return { url: `redis://127.0.0.1:${port}`, stop }
}
