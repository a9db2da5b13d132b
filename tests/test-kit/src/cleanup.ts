import { afterEach } from 'vitest'

/** Anything closed after a test: an emulator, a client, a store, an app, a testing module. */
export interface Closable {
  close(): unknown
}

const open: Closable[] = []

afterEach(async () => {
  // Last opened first: an app closes before the emulator it may still be talking to. Every
  // item is closed even when one fails, so one failure leaks nothing into the next test.
  const failures: unknown[] = []
  for (const item of open.splice(0).reverse()) {
    try {
      await item.close()
    } catch (error) {
      failures.push(error)
    }
  }
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) throw new AggregateError(failures, 'closing after the test failed')
})

/**
 * Closes `item` after the current test, last opened first, and returns it. The `afterEach`
 * hook is registered when a test file first imports this kit.
 *
 * @throws after the test, what `close()` threw (an `AggregateError` when several did).
 */
export function closeAfterTest<T extends Closable>(item: T): T {
  open.push(item)
  return item
}
