import type { TokenStatus } from '@mediroutes/nextjs'
import { clockTime, duration } from '../lib/dispatch-day'

const STATE_LABELS: Record<TokenStatus['state'], string> = {
  valid: 'Valid',
  expired: 'Expired',
  none: 'No token yet',
  cooldown: 'Credentials refused',
}

/**
 * What the server knows about its MediRoutes token: state and times only. The status carries
 * no token, so nothing secret can be rendered here even by mistake.
 */
export function TokenPanel({
  status,
  username,
  now,
}: {
  status: TokenStatus
  username: string
  now: number
}) {
  return (
    <section
      className="panel token"
      aria-labelledby="token-heading"
      data-token-state={status.state}
    >
      <h2 id="token-heading">MediRoutes token</h2>
      <p className={`badge ${status.state}`}>{STATE_LABELS[status.state]}</p>
      <dl>
        <dt>Account</dt>
        <dd>{username}</dd>
        <dt>Expires in</dt>
        <dd data-field="expires-in">
          {status.expiresAt === undefined
            ? '—'
            : `${duration(status.expiresAt - now)} (at ${clockTime(status.expiresAt)})`}
        </dd>
        <dt>Issued</dt>
        <dd>{status.issuedAt === undefined ? '—' : clockTime(status.issuedAt)}</dd>
        <dt>Last refresh</dt>
        <dd data-field="last-refresh">
          {status.lastGrantAt === undefined
            ? 'not by this server (token from the store)'
            : `${clockTime(status.lastGrantAt)} (${duration(now - status.lastGrantAt)} ago)`}
        </dd>
        <dt>Refreshing now</dt>
        <dd>{status.refreshing ? 'yes' : 'no'}</dd>
        {status.lastError !== undefined && (
          <>
            <dt>Last error</dt>
            <dd className="error">
              {status.lastError.code}: {status.lastError.message}
            </dd>
          </>
        )}
      </dl>
      <p className="note">The token itself stays on the server; this page never receives it.</p>
    </section>
  )
}
