import { expect, it, vi } from 'vitest'
import { sleep } from '../src/index.js'

it('resolves after the given time, not before', async () => {
  vi.useFakeTimers()
  try {
    let done = false
    const slept = sleep(1_000).then(() => {
      done = true
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await slept
    expect(done).toBe(true)
  } finally {
    vi.useRealTimers()
  }
})
