import { expect, it } from 'vitest'
import { useEnv } from '../src/index.js'

const SET = 'MEDIROUTES_TEST_KIT_SET'
const UNSET = 'MEDIROUTES_TEST_KIT_UNSET'
process.env[SET] = 'before'
delete process.env[UNSET]

// The two tests run in order: the second sees what was restored after the first.
it('sets and unsets variables for the test', () => {
  useEnv({ [SET]: undefined, [UNSET]: 'during' })
  expect(process.env[SET]).toBeUndefined()
  expect(process.env[UNSET]).toBe('during')
})

it('restored the previous values after the test', () => {
  expect(process.env[SET]).toBe('before')
  expect(UNSET in process.env).toBe(false)
})
