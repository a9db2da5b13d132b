import { describe, expect, it } from 'vitest'
import { parseAccessBody } from '../src/access.js'
import { withProviderKey } from '../src/provider-client.js'
import { apiFailure, redactText, unwrapData } from '../src/v1-response.js'

const KEY = 'mr_live_test_key_0123456789'
const base = new URL('https://api.example.test/api/v1/singletrip')

describe('withProviderKey', () => {
  it('puts api_key in the query of GET and DELETE', () => {
    for (const method of ['GET', 'DELETE']) {
      const { url, init } = withProviderKey(new URL(`${base.href}?trip_id=7`), { method }, KEY)
      expect(url.searchParams.get('api_key')).toBe(KEY)
      expect(url.searchParams.get('trip_id')).toBe('7')
      expect(init.body).toBeUndefined()
    }
  })

  it('puts tp_api_key in a JSON body, replacing one the caller sent', () => {
    const { url, init } = withProviderKey(
      base,
      { method: 'POST', body: JSON.stringify({ trip_id: 'A', tp_api_key: 'other' }) },
      KEY,
    )
    expect(url.search).toBe('')
    expect(JSON.parse(String(init.body))).toEqual({ trip_id: 'A', tp_api_key: KEY })
  })

  it('puts api_key in a form body', () => {
    const { init } = withProviderKey(
      base,
      { method: 'POST', body: new URLSearchParams({ webhookNewTripModel: '{}' }) },
      KEY,
    )
    expect((init.body as URLSearchParams).get('api_key')).toBe(KEY)
    const text = withProviderKey(
      base,
      {
        method: 'POST',
        body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      KEY,
    )
    expect(new URLSearchParams(String(text.init.body)).get('api_key')).toBe(KEY)
  })

  it('falls back to the query for a PATCH without a JSON object body', () => {
    const { url } = withProviderKey(base, { method: 'PATCH' }, KEY)
    expect(url.searchParams.get('api_key')).toBe(KEY)
  })
})

describe('v1 answers', () => {
  it('unwraps Data and drops the echoed tp_api_key', async () => {
    const response = Response.json({ Data: [{ rider_id: 'R1', tp_api_key: KEY }] })
    expect(await unwrapData(response, 'GET /api/v1/riders/getByRiderId')).toEqual([
      { rider_id: 'R1' },
    ])
  })

  it('refuses a body without the Data envelope as invalid_response', async () => {
    await expect(unwrapData(Response.json({ rider_id: 'R1' }), 'GET x')).rejects.toMatchObject({
      code: 'invalid_response',
    })
  })

  it('maps 403 to access_denied, 429 to rate_limited and others to api_error with the status', async () => {
    const denied = await apiFailure(
      Response.json({ Message: 'denied' }, { status: 403 }),
      'GET /api/v1/singletrip',
      [KEY],
    )
    expect(denied).toMatchObject({ code: 'access_denied', status: 403 })
    const limited = await apiFailure(
      new Response('{}', { status: 429, headers: { 'retry-after': '3' } }),
      'GET x',
      [],
    )
    expect(limited).toMatchObject({ code: 'rate_limited', retryAfterMs: 3000 })
    const missing = await apiFailure(
      Response.json({ Message: 'Trip not found' }, { status: 404 }),
      'GET x',
      [],
    )
    expect(missing).toMatchObject({ code: 'api_error', status: 404 })
    expect(missing.message).toContain('Trip not found')
  })

  it('never repeats a key or a query string the API echoes in its Message', async () => {
    const error = await apiFailure(
      Response.json(
        {
          Message: `api_key ${KEY} has no access to https://api.example.test/api/v1/singletrip?api_key=${KEY}&trip_id=1`,
        },
        { status: 403 },
      ),
      'GET /api/v1/singletrip',
      [KEY],
    )
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(KEY)
    expect(redactText(`see https://h.test/p?api_key=${KEY}`, [])).not.toContain(KEY)
  })
})

describe('parseAccessBody', () => {
  it('reads the documented PascalCase array', () => {
    const parsed = parseAccessBody(
      [
        {
          TransportationProviderName: 'Lakeside Medical Transport',
          APIKey: KEY,
          FundingSources: [{ FundingSourceId: 11, FundingSourceName: 'Medicaid' }],
        },
      ],
      1,
    )
    expect(parsed).toEqual({
      fetchedAt: 1,
      providers: [
        {
          name: 'Lakeside Medical Transport',
          apiKey: KEY,
          fundingSources: [{ id: 11, name: 'Medicaid' }],
        },
      ],
    })
  })

  it('says what is wrong, without echoing a key', () => {
    expect(parseAccessBody({ Data: [] }, 1)).toMatch(/JSON array/)
    const noName = parseAccessBody([{ APIKey: KEY }], 1)
    expect(noName).toMatch(/no provider name/)
    expect(noName).not.toContain(KEY)
    expect(parseAccessBody([{ TransportationProviderName: 'A' }], 1)).toMatch(/no APIKey/)
  })
})
