import type { AccessBook } from './access.js'
import { type ApiContext, type Caller, isReply, resolveCaller } from './api-key.js'
import { dataReply, invalidReply, jsonReply, messageReply, type Reply } from './reply.js'
import type { MockRider } from './resources.js'
import type { RiderStore } from './rider-store.js'
import type { Route } from './router.js'
import { checkRiderFields, mergeRider, type RiderFields } from './trip-validation.js'

/**
 * `GET /api/v1/access` (bearer only): the caller's access claims, as a top-level array in
 * the vendor's PascalCase.
 */
export function accessRoutes(access: AccessBook): Route<ApiContext>[] {
  return [
    {
      pattern: /^\/api\/v1\/access$/,
      methods: {
        GET: ({ username }) =>
          jsonReply(
            200,
            access.of(username).map((provider) => ({
              TransportationProviderName: provider.name,
              APIKey: provider.apiKey,
              FundingSources: provider.fundingSources.map((source) => ({
                FundingSourceId: source.id,
                FundingSourceName: source.name,
              })),
            })),
          ),
      },
    },
  ]
}

/** Riders: both lookups, create, update (PATCH merges, PUT replaces) and delete. */
export function ridersApiRoutes(riders: RiderStore, access: AccessBook): Route<ApiContext>[] {
  const withCaller =
    (then: (caller: Caller, context: ApiContext) => Reply) =>
    (context: ApiContext): Reply => {
      const caller = resolveCaller(context, access)
      return isReply(caller) ? caller : then(caller, context)
    }

  /** A rider's funding source by name among the provider's; 403 outside the claims. */
  const visible = (caller: Caller, rider: Pick<MockRider, 'funding_source_name'>): boolean => {
    const source = caller.provider.fundingSources.find((s) => s.name === rider.funding_source_name)
    return source !== undefined && caller.fundingSourceIds.has(source.id)
  }
  const denied = (): Reply =>
    messageReply(
      403,
      "Access denied: the rider's funding source is not among the access claims of this user.",
    )

  /** Checks the funding source a rider body names, or picks the caller's first one. */
  const fundingSourceOf = (caller: Caller, fields: RiderFields): string | Reply => {
    if (fields.funding_source_name === undefined || fields.funding_source_name === '') {
      const first = caller.provider.fundingSources.find((s) => caller.fundingSourceIds.has(s.id))
      return first!.name
    }
    const source = caller.provider.fundingSources.find((s) => s.name === fields.funding_source_name)
    if (source === undefined) {
      return invalidReply({
        funding_source_name: [
          `"${fields.funding_source_name}" is not a funding source of this provider.`,
        ],
      })
    }
    return caller.fundingSourceIds.has(source.id) ? source.name : denied()
  }

  const riderIdParam = (caller: Caller, context: ApiContext): number | Reply => {
    const raw = caller.body.mediroutes_rider_id ?? context.query.get('mediroutes_rider_id')
    const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw
    if (!Number.isInteger(id)) {
      return messageReply(400, 'mediroutes_rider_id is required (a whole number)')
    }
    return id as number
  }

  const lookup = (caller: Caller, found: MockRider[]): Reply => {
    if (found.some((rider) => !visible(caller, rider))) return denied()
    return dataReply(200, found)
  }

  const write = (replace: boolean) =>
    withCaller((caller, context) => {
      const id = riderIdParam(caller, context)
      if (typeof id !== 'number') return id
      const current = riders.byMediroutesId(caller.provider, id)
      if (current === undefined)
        return messageReply(404, `No rider of this provider has mediroutes_rider_id ${id}.`)
      if (!visible(caller, current)) return denied()
      const checked = checkRiderFields(caller.body, replace)
      if (!checked.ok) return invalidReply(checked.errors)
      const fields = { ...checked.value }
      if (replace || fields.funding_source_name !== undefined) {
        const source = fundingSourceOf(caller, fields)
        if (typeof source !== 'string') return source
        fields.funding_source_name = source
      }
      const { mediroutes_rider_id: _, ...base } = current
      const next = mergeRider(replace ? undefined : base, fields)
      return dataReply(200, [riders.replace(caller.provider, id, next)])
    })

  return [
    {
      pattern: /^\/api\/v1\/riders\/getByRiderId$/,
      methods: {
        GET: withCaller((caller, { query }) => {
          const riderId = query.get('rider_id')
          if (riderId === null || riderId === '') return messageReply(400, 'rider_id is required')
          return lookup(caller, riders.byRiderId(caller.provider, riderId))
        }),
      },
    },
    {
      pattern: /^\/api\/v1\/riders\/getByMediroutesRiderId$/,
      methods: {
        GET: withCaller((caller, context) => {
          const raw = context.query.get('mediroutes_rider_id')
          if (raw === null || !/^\d+$/.test(raw)) {
            return messageReply(400, 'mediroutes_rider_id is required (a whole number)')
          }
          const rider = riders.byMediroutesId(caller.provider, Number(raw))
          return lookup(caller, rider === undefined ? [] : [rider])
        }),
      },
    },
    {
      pattern: /^\/api\/v1\/riders$/,
      methods: {
        POST: withCaller((caller) => {
          const checked = checkRiderFields(caller.body, true)
          if (!checked.ok) return invalidReply(checked.errors)
          const source = fundingSourceOf(caller, checked.value)
          if (typeof source !== 'string') return source
          if (riders.byRiderId(caller.provider, checked.value.rider_id!).length > 0) {
            return messageReply(
              409,
              `A rider with rider_id "${checked.value.rider_id}" already exists for this provider.`,
            )
          }
          const rider = riders.create(
            caller.provider,
            mergeRider(undefined, { ...checked.value, funding_source_name: source }),
          )
          return dataReply(201, [rider])
        }),
        PATCH: write(false),
        PUT: write(true),
        DELETE: withCaller((caller, context) => {
          const id = riderIdParam(caller, context)
          if (typeof id !== 'number') return id
          const current = riders.byMediroutesId(caller.provider, id)
          if (current === undefined)
            return messageReply(404, `No rider of this provider has mediroutes_rider_id ${id}.`)
          if (!visible(caller, current)) return denied()
          riders.delete(caller.provider, id)
          return messageReply(200, `Rider ${id} deleted.`)
        }),
      },
    },
  ]
}
