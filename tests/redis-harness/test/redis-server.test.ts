import { createConnection } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { REDIS_SERVER_NOT_FOUND, RedisServer } from '../src/index.js'

const servers: RedisServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().trim())
    })
    socket.once('error', (error) => resolve(`error ${(error as NodeJS.ErrnoException).code}`))
  })
}

it('starts a server that answers, stops it like a crash, and restarts it on the same port', async () => {
  const server = await RedisServer.start()
  servers.push(server)
  expect(server.url).toBe(`redis://127.0.0.1:${server.port}`)
  expect(await ping(server.port)).toBe('+PONG')
  await server.stop()
  expect(server.running).toBe(false)
  expect(await ping(server.port)).toBe('error ECONNREFUSED')
  await server.restart()
  expect(await ping(server.port)).toBe('+PONG')
})

it('fails with a message that says how to install Redis when the binary is missing', async () => {
  const saved = process.env.REDIS_SERVER_BIN
  process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server'
  try {
    await expect(RedisServer.start()).rejects.toThrow(REDIS_SERVER_NOT_FOUND)
  } finally {
    if (saved === undefined) delete process.env.REDIS_SERVER_BIN
    else process.env.REDIS_SERVER_BIN = saved
  }
})
