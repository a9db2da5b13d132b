import { expect, it } from 'vitest'
import { rejectionOf } from '../src/index.js'

it('returns what the promise rejects with', async () => {
  const error = Object.assign(new Error('closed'), { code: 'closed' })
  expect(await rejectionOf(Promise.reject(error))).toBe(error)
  expect((await rejectionOf<{ code: string }>(Promise.reject(error))).code).toBe('closed')
})

it('accepts a thenable that is not a Promise, as Fastify returns from ready()', async () => {
  // biome-ignore lint/suspicious/noThenProperty: a thenable is what this test needs
  const thenable: PromiseLike<never> = { then: (_, reject) => Promise.reject('no').then(_, reject) }
  expect(await rejectionOf(thenable)).toBe('no')
})

it('fails when the promise resolves', async () => {
  await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow(
    'expected a rejection, but the promise resolved',
  )
})
