import 'reflect-metadata'
import type { MediRoutesClient } from '@mediroutes/auth-core'
import type { MediRoutesAllowRule } from '@mediroutes/auth-core/proxy'
import { mediRoutesProxy } from '@mediroutes/fastify'
import { MediRoutesModule, MediRoutesProxyModule } from '@mediroutes/nestjs'
import { createMediRoutesHandlers, type MediRoutesHandlers } from '@mediroutes/nextjs'
import { Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import Fastify from 'fastify'

/** What a browser sees of an answer. */
export interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

/** A framework with the proxy mounted at `/api/mediroutes`, called as a browser would. */
export interface Mounted {
  call(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: string },
  ): Promise<Answer>
  close(): Promise<void>
}

export interface ProxySetup {
  client: MediRoutesClient
  provider: string
  allow: MediRoutesAllowRule[]
}

export type Framework = 'next' | 'fastify' | 'nest'
export const FRAMEWORKS: Framework[] = ['next', 'fastify', 'nest']

const MOUNT = '/api/mediroutes'
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

async function answerOf(response: Response): Promise<Answer> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  return { status: response.status, headers, body: await response.text() }
}

async function next(setup: ProxySetup): Promise<Mounted> {
  const handlers = createMediRoutesHandlers({ ...setup, mountPath: MOUNT, logger: quiet })
  return {
    // As Next.js calls a route handler: a web Request, the path read below mountPath.
    call: async (method, path, init = {}) =>
      answerOf(
        await handlers[method as keyof MediRoutesHandlers](
          new Request(`http://app.test${MOUNT}${path}`, { method, ...init }),
        ),
      ),
    close: async () => {},
  }
}

async function fastify(setup: ProxySetup): Promise<Mounted> {
  const app = Fastify({ logger: false })
  await app.register(mediRoutesProxy, { ...setup, prefix: MOUNT, logger: quiet })
  return {
    call: async (method, path, init = {}) => {
      const response = await app.inject({
        method: method as 'GET',
        url: `${MOUNT}${path}`,
        ...(init.headers ? { headers: init.headers } : {}),
        ...(init.body === undefined ? {} : { payload: init.body }),
      })
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(response.headers))
        if (value !== undefined) headers[name] = String(value)
      return { status: response.statusCode, headers, body: response.body }
    },
    close: () => app.close(),
  }
}

async function nest(setup: ProxySetup): Promise<Mounted> {
  const { client, ...proxy } = setup
  @Module({
    imports: [
      MediRoutesModule.forRoot({ client }),
      MediRoutesProxyModule.forRoot({ ...proxy, path: MOUNT, logger: quiet }),
    ],
  })
  class ProxyAppModule {}
  const app = await NestFactory.create(ProxyAppModule, new ExpressAdapter(), { logger: false })
  await app.listen(0, '127.0.0.1')
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
  return {
    // Over real HTTP, as a browser reaches a Nest app.
    call: async (method, path, init = {}) =>
      answerOf(await fetch(`${url}${MOUNT}${path}`, { method, ...init })),
    close: () => app.close(),
  }
}

export function mount(framework: Framework, setup: ProxySetup): Promise<Mounted> {
  return { next, fastify, nest }[framework](setup)
}
