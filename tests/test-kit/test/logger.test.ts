import { expect, it } from 'vitest'
import { recordingLogger } from '../src/index.js'

it('keeps each line with its level, message and fields', () => {
  const logger = recordingLogger()
  logger.info({ attempt: 1 }, 'token acquired')
  logger.warn({}, 'Redis is unavailable')
  expect(logger.lines).toHaveLength(2)
  expect(logger.lines[0]).toMatch(/^info token acquired \{"attempt":1\} /)
  expect(logger.at('warn')).toEqual([logger.lines[1]])
  expect(logger.at('error')).toEqual([])
})

it('renders fields with util.inspect too, so what JSON drops is still searched', () => {
  const logger = recordingLogger()
  logger.error({ error: new Error('hidden-from-json') }, 'failed')
  expect(JSON.stringify({ error: new Error('hidden-from-json') })).not.toContain('hidden')
  expect(logger.lines[0]).toContain('hidden-from-json')
})
