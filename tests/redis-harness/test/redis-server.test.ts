import { createConnection } from 'node:net'
import { closeAfterTest, useEnv } from '@mediroutes/test-kit'
import { expect, it } from 'vitest'
import { REDIS_SERVER_NOT_FOUND, RedisServer } from '../src/index.js'

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
  const server = closeAfterTest(await RedisServer.start())
  expect(server.url).toBe(`redis://127.0.0.1:${server.port}`)
  expect(await ping(server.port)).toBe('+PONG')
  await server.stop()
  expect(server.running).toBe(false)
  expect(await ping(server.port)).toBe('error ECONNREFUSED')
  await server.restart()
  expect(await ping(server.port)).toBe('+PONG')
})

it('fails with a message that says how to install Redis when the binary is missing', async () => {
  useEnv({ REDIS_SERVER_BIN: '/nonexistent/redis-server' })
  await expect(RedisServer.start()).rejects.toThrow(REDIS_SERVER_NOT_FOUND)
})
