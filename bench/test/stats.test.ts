import { expect, it } from 'vitest'
import { percentile } from '../src/stats.js'

it('takes the nearest-rank percentile of unsorted values, or null for none', () => {
  const values = [9, 1, 5, 3, 7, 2, 8, 4, 10, 6]
  expect(percentile(values, 50)).toBe(5)
  expect(percentile(values, 99)).toBe(10)
  expect(percentile(values, 0)).toBe(1)
  expect(percentile([], 50)).toBeNull()
  expect(values[0]).toBe(9)
})
