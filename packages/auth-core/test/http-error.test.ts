import { describe, expect, it } from 'vitest'
import { MediRoutesAuthError, type MediRoutesErrorCode, toHttpError } from '../src/index.js'
import { httpErrorBody, httpErrorHeaders, httpErrorResponse } from '../src/internal.js'

const TABLE: Array<[MediRoutesErrorCode, number]> = [
  ['invalid_config', 500],
  ['invalid_response', 502],
  ['server_error', 502],
  ['api_error', 502],
  ['access_denied', 403],
  ['unknown_provider', 403],
  ['invalid_credentials', 503],
  ['rate_limited', 503],
  ['network_error', 503],
  ['closed', 503],
  ['timeout', 504],
]

describe('toHttpError: one mapping from a failed call to an HTTP answer', () => {
  it.each(TABLE)('answers %s with %i, the same as error.statusCode', (code, status) => {
    const error = new MediRoutesAuthError(code, 'detail for the server log', { status: 401 })
    expect(toHttpError(error)).toMatchObject({ status, code })
    expect(error.statusCode).toBe(status)
  })

  it('never passes the upstream 401 of refused credentials on', () => {
    const error = new MediRoutesAuthError('invalid_credentials', 'refused', { status: 401 })
    expect(toHttpError(error).status).toBe(503)
  })

  it.each([400, 404, 409, 410, 422])(
    'keeps the API status %i of an api_error, with its message',
    (status) => {
      const error = new MediRoutesAuthError('api_error', 'trip_id is required', { status })
      expect(toHttpError(error)).toEqual({
        status,
        code: 'api_error',
        message: 'trip_id is required',
      })
    },
  )

  it.each([401, 418, 500, 503])('answers an api_error with API status %i as 502', (status) => {
    const error = new MediRoutesAuthError('api_error', 'upstream detail', { status })
    const answer = toHttpError(error)
    expect(answer.status).toBe(502)
    expect(answer.message).not.toContain('upstream detail')
  })

  it('shows a caller a generic message, not the error message that names configuration', () => {
    const error = new MediRoutesAuthError('invalid_config', 'baseUrl must use https://')
    expect(toHttpError(error).message).not.toContain('baseUrl')
  })

  it('answers anything that is not a MediRoutes error as 500 unexpected, without its message', () => {
    const answer = toHttpError(new Error('password=hunter2'))
    expect(answer).toEqual({
      status: 500,
      code: 'unexpected',
      message: 'The request failed on the server; see the server log.',
    })
  })

  it('adds Retry-After in whole seconds (at least 1) to 503 answers only', () => {
    const limited = new MediRoutesAuthError('rate_limited', 'slow down', { retryAfterMs: 1200 })
    expect(toHttpError(limited).retryAfterSeconds).toBe(2)
    expect(httpErrorHeaders(limited)).toEqual({ 'retry-after': '2' })
    const tiny = new MediRoutesAuthError('network_error', 'x', { retryAfterMs: 1 })
    expect(toHttpError(tiny).retryAfterSeconds).toBe(1)
    const timeout = new MediRoutesAuthError('timeout', 'x', { retryAfterMs: 5000 })
    expect(toHttpError(timeout).retryAfterSeconds).toBeUndefined()
    expect(httpErrorHeaders(timeout)).toEqual({})
  })

  it('builds the body and Response every adapter sends', async () => {
    const error = new MediRoutesAuthError('timeout', 'x')
    expect(httpErrorBody(error)).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      code: 'timeout',
      message: 'MediRoutes did not answer in time; try again.',
    })
    const response = httpErrorResponse(
      new MediRoutesAuthError('rate_limited', 'x', { retryAfterMs: 3000 }),
    )
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('3')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' })
  })
})
