// Every consumer project (one npm install each) and the cases run in it, in table order.
import * as fastify from './fastify.mjs'
import * as nestjs from './nestjs.mjs'
import * as nextjs from './nextjs.mjs'
import * as node from './node.mjs'
import * as redis from './redis.mjs'
import * as types from './types.mjs'

export const projects = {
  ...node.projects,
  ...fastify.projects,
  ...nestjs.projects,
  ...nextjs.projects,
  ...redis.projects,
  ...types.projects,
}
export const cases = [
  ...node.cases,
  ...fastify.cases,
  ...nestjs.cases,
  ...nextjs.cases,
  ...redis.cases,
  ...types.cases,
]
