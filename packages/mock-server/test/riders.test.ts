import { describe, expect, it } from 'vitest'
import { BROKER_USER, type MockRider } from '../src/index.js'
import { data, LAKESIDE, RIVERSIDE, startServer, v1Client } from './helpers.js'

const key = { api_key: LAKESIDE.apiKey }
const NEW_RIDER = {
  tp_api_key: LAKESIDE.apiKey,
  rider_id: 'LMT-9001',
  first_name: 'Ada',
  last_name: 'Lovelace',
  date_of_birth: '1945-12-10',
  is_Female: true,
  space_type: 'WC',
  icd_10_codes: ['N18.6'],
  funding_source_name: 'Private Pay',
  address: {
    address1: '12 Elm St',
    city: 'Decatur',
    state: 'GA',
    zip: '30030',
    latitude: 33.77,
    longitude: -84.29,
  },
}

describe('rider lookups', () => {
  it("finds a seeded rider by the caller's id and by the MediRoutes id, in the Data array, with the documented fields", async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const [rider] = await data<MockRider[]>(
      await client.get('/api/v1/riders/getByRiderId', { ...key, rider_id: 'LMT-1001' }),
    )
    expect(Object.keys(rider!).sort()).toEqual(
      [
        'mediroutes_rider_id',
        'rider_id',
        'first_name',
        'last_name',
        'middle_name',
        'address',
        'phone',
        'funding_source_name',
        'space_type',
        'home_phone',
        'mobile_phone',
        'icd_10_codes',
        'date_of_birth',
        'is_male',
        'is_Female',
        'comments',
        'private_comments',
        'email',
      ].sort(),
    )
    expect(Object.keys(rider!.address).sort()).toEqual(
      [
        'location_name',
        'address1',
        'address2',
        'city',
        'state',
        'zip',
        'latitude',
        'longitude',
      ].sort(),
    )
    expect(Number.isInteger(rider!.mediroutes_rider_id)).toBe(true)
    const byId = await data<MockRider[]>(
      await client.get('/api/v1/riders/getByMediroutesRiderId', {
        ...key,
        mediroutes_rider_id: String(rider!.mediroutes_rider_id),
      }),
    )
    expect(byId).toEqual([rider])
  })

  it('answers an unknown rider 200 with an empty Data array, and a missing id 400', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    expect(
      await data(await client.get('/api/v1/riders/getByRiderId', { ...key, rider_id: 'nope' })),
    ).toEqual([])
    expect(
      await data(
        await client.get('/api/v1/riders/getByMediroutesRiderId', {
          ...key,
          mediroutes_rider_id: '1',
        }),
      ),
    ).toEqual([])
    expect((await client.get('/api/v1/riders/getByRiderId', key)).status).toBe(400)
    expect(
      (
        await client.get('/api/v1/riders/getByMediroutesRiderId', {
          ...key,
          mediroutes_rider_id: 'x',
        })
      ).status,
    ).toBe(400)
  })

  it('answers a broker 403 for a rider of a funding source outside its claims', async () => {
    const server = await startServer()
    const broker = await v1Client(server, BROKER_USER)
    // Riverside's riders take its three funding sources in turn; the broker has 2201 and 2202.
    const query = (id: string) => ({ api_key: RIVERSIDE.apiKey, rider_id: id })
    expect((await broker.get('/api/v1/riders/getByRiderId', query('RWV-1001'))).status).toBe(200)
    expect((await broker.get('/api/v1/riders/getByRiderId', query('RWV-1003'))).status).toBe(403)
  })
})

describe('rider writes', () => {
  it('creates a rider 201 with a new MediRoutes id, then finds it', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const [created] = await data<MockRider[]>(
      await client.send('POST', '/api/v1/riders', NEW_RIDER),
      201,
    )
    expect(created).toMatchObject({
      rider_id: 'LMT-9001',
      first_name: 'Ada',
      funding_source_name: 'Private Pay',
      is_Female: true,
    })
    expect(created).not.toHaveProperty('tp_api_key')
    const found = await data<MockRider[]>(
      await client.get('/api/v1/riders/getByRiderId', { ...key, rider_id: 'LMT-9001' }),
    )
    expect(found).toEqual([created])
    expect((await client.send('POST', '/api/v1/riders', NEW_RIDER)).status).toBe(409)
  })

  it('answers 400 with ModelState per invalid field, and 400 for a funding source the provider lacks', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const invalid = await client.send('POST', '/api/v1/riders', {
      tp_api_key: LAKESIDE.apiKey,
      first_name: 7,
      date_of_birth: '1945-13-01',
      is_male: 'yes',
    })
    expect(invalid.status).toBe(400)
    const body = (await invalid.json()) as { Message: string; ModelState: Record<string, string[]> }
    expect(Object.keys(body.ModelState).sort()).toEqual([
      'date_of_birth',
      'first_name',
      'is_male',
      'last_name',
      'rider_id',
    ])
    const foreign = await client.send('POST', '/api/v1/riders', {
      ...NEW_RIDER,
      funding_source_name: 'Blue Ridge Medicare Advantage',
    })
    expect(foreign.status).toBe(400)
    expect((await client.send('POST', '/api/v1/riders', '{"rider_id":')).status).toBe(400)
  })

  it('PATCH merges the given fields, PUT replaces the whole rider, DELETE removes it', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    const [created] = await data<MockRider[]>(
      await client.send('POST', '/api/v1/riders', NEW_RIDER),
      201,
    )
    const id = created!.mediroutes_rider_id
    const [patched] = await data<MockRider[]>(
      await client.send('PATCH', '/api/v1/riders', {
        tp_api_key: LAKESIDE.apiKey,
        mediroutes_rider_id: id,
        mobile_phone: '(678) 555-0101',
      }),
    )
    expect(patched).toEqual({ ...created, mobile_phone: '(678) 555-0101' })
    const [replaced] = await data<MockRider[]>(
      await client.send('PUT', '/api/v1/riders', {
        tp_api_key: LAKESIDE.apiKey,
        mediroutes_rider_id: id,
        rider_id: 'LMT-9001',
        first_name: 'Ada',
        last_name: 'King',
      }),
    )
    expect(replaced).toMatchObject({
      mediroutes_rider_id: id,
      last_name: 'King',
      mobile_phone: '',
      icd_10_codes: [],
    })
    expect(
      (
        await client.send('PUT', '/api/v1/riders', {
          tp_api_key: LAKESIDE.apiKey,
          mediroutes_rider_id: id,
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await client.send('PATCH', '/api/v1/riders', {
          tp_api_key: LAKESIDE.apiKey,
          mediroutes_rider_id: 1,
        })
      ).status,
    ).toBe(404)

    const deleted = await fetch(
      `${server.url}/api/v1/riders?${new URLSearchParams({ ...key, mediroutes_rider_id: String(id) })}`,
      {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${client.token}` },
      },
    )
    expect(deleted.status).toBe(200)
    expect(
      await data(await client.get('/api/v1/riders/getByRiderId', { ...key, rider_id: 'LMT-9001' })),
    ).toEqual([])
  })

  it('answers a broker 403 when it creates a rider for a funding source outside its claims', async () => {
    const server = await startServer()
    const broker = await v1Client(server, BROKER_USER)
    expect((await broker.send('POST', '/api/v1/riders', NEW_RIDER)).status).toBe(403)
    const [own] = await data<MockRider[]>(
      await broker.send('POST', '/api/v1/riders', { ...NEW_RIDER, funding_source_name: undefined }),
      201,
    )
    expect(own!.funding_source_name).toBe('Georgia Medicaid NEMT Broker')
  })

  it('forgets created riders on reset()', async () => {
    const server = await startServer()
    const client = await v1Client(server)
    await client.send('POST', '/api/v1/riders', NEW_RIDER)
    server.reset()
    const again = await v1Client(server)
    expect(
      await data(await again.get('/api/v1/riders/getByRiderId', { ...key, rider_id: 'LMT-9001' })),
    ).toEqual([])
  })
})
