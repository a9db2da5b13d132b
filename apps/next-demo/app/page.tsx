import { isMediRoutesAuthError } from '@mediroutes/auth-core'
import { type ProviderChoice, providerChoices, tripRows } from '../lib/dispatch'
import { dayOrToday, longDay } from '../lib/dispatch-day'
import { mediroutes } from '../lib/mediroutes'
import type { TripRow } from '../lib/trips'
import { CancelTripForm } from './cancel-trip-form'
import { LiveTrips } from './live-trips'
import { TokenPanel } from './token-panel'

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

type Loaded =
  | { ok: true; providers: ProviderChoice[]; provider: string; trips: TripRow[] }
  | { ok: false; code: string; message: string }

/** The claims, then the chosen provider's day: everything read on the server. */
async function load(wanted: string | undefined, day: string): Promise<Loaded> {
  try {
    const providers = await providerChoices()
    const provider =
      providers.find((choice) => choice.name === wanted)?.name ?? providers[0]?.name ?? ''
    const trips = provider === '' ? [] : await tripRows(provider, day)
    return { ok: true, providers, provider, trips }
  } catch (error) {
    // Token, claims and API trouble: the core's messages hold no secret.
    if (!isMediRoutesAuthError(error)) throw error
    return { ok: false, code: error.code, message: error.message }
  }
}

/**
 * The dispatch dashboard of a brokerage user: pick one of the providers the account may act for
 * and see that day's trips, kept live. Reading `searchParams` renders it on each request, never
 * at `next build`.
 */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const params = await searchParams
  const day = dayOrToday(first(params.date))
  const loaded = await load(first(params.provider), day)
  const client = mediroutes()
  // Read after the calls, so the panel shows the token they used.
  const status = await client.status()

  return (
    <main data-date={day}>
      <header>
        <div>
          <h1>Dispatch</h1>
          <p className="day">{longDay(day)}</p>
        </div>
        {loaded.ok && (
          <form className="provider-picker" aria-label="Choose a provider and a day">
            <label>
              Provider
              <select name="provider" defaultValue={loaded.provider} aria-label="Provider">
                {loaded.providers.map((provider) => (
                  <option key={provider.name} value={provider.name}>
                    {provider.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Day
              <input type="date" name="date" defaultValue={day} aria-label="Day" />
            </label>
            <button type="submit">Show</button>
          </form>
        )}
      </header>
      <div className="layout">
        <section
          className="panel trips"
          aria-labelledby="trips-heading"
          data-provider={loaded.ok ? loaded.provider : undefined}
        >
          {loaded.ok ? (
            <LiveTrips
              key={`${loaded.provider} ${day}`}
              provider={loaded.provider}
              day={day}
              initial={loaded.trips}
            />
          ) : (
            <>
              <h2 id="trips-heading">Trips</h2>
              <p className="outcome error" role="alert" data-code={loaded.code}>
                {loaded.message}
              </p>
            </>
          )}
        </section>
        <aside>
          <TokenPanel status={status} username={client.username} now={Date.now()} />
          {loaded.ok && (
            <section className="panel" aria-labelledby="access-heading">
              <h2 id="access-heading">Access</h2>
              <p className="note">
                {client.username} may act for {loaded.providers.length} provider
                {loaded.providers.length === 1 ? '' : 's'}; their keys stay on this server.
              </p>
              <ul className="access">
                {loaded.providers.map((provider) => (
                  <li key={provider.name}>
                    <strong>{provider.name}</strong>
                    <div className="sub">{provider.fundingSources.join(' · ')}</div>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {loaded.ok && loaded.trips.length > 0 && (
            <section className="panel" aria-labelledby="change-heading">
              <h2 id="change-heading">Cancel a trip</h2>
              {/* Keyed by provider and day: an outcome shown for one never appears under another. */}
              <CancelTripForm
                key={`${loaded.provider} ${day}`}
                provider={loaded.provider}
                trips={loaded.trips}
              />
            </section>
          )}
        </aside>
      </div>
    </main>
  )
}
