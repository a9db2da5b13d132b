import { expect, it } from 'vitest'
import { closeAfterTest } from '../src/index.js'

const closed: string[] = []
const closable = (name: string) => ({ close: async () => void closed.push(name) })

// The two tests run in order: the second sees what the hook did after the first.
it('returns what it is given and closes nothing during the test', () => {
  const emulator = closable('emulator')
  expect(closeAfterTest(emulator)).toBe(emulator)
  closeAfterTest(closable('client'))
  closeAfterTest({ close: () => void closed.push('app (synchronous close)') })
  expect(closed).toEqual([])
})

it('closed them after the test, last opened first', () => {
  expect(closed).toEqual(['app (synchronous close)', 'client', 'emulator'])
})
