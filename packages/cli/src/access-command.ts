import { createMediRoutesClient } from '@mediroutes/auth-core'
import { palette, wantsColour } from './colour.js'
import { type CredentialFlags, resolveClientOptions } from './credentials.js'
import { EXIT_CODES, type ExitCode } from './exit-codes.js'
import type { CliIo } from './io.js'

/** Flags of `mediroutes access`. */
export interface AccessFlags extends CredentialFlags {
  /** Print the providers' API keys in full (masked otherwise). */
  showKeys?: boolean
  json?: boolean
}

/** What `mediroutes access --json` prints. */
export interface AccessReport {
  baseUrl: string
  username: string
  providers: {
    name: string
    /** Masked (`mr_l…4e60`) unless `--show-keys`. */
    apiKey: string
    fundingSources: { id: number; name: string }[]
  }[]
}

/** Shows enough of a key to tell keys apart, never enough to use one. */
export function maskApiKey(key: string): string {
  if (key.length <= 12) return '…'
  return `${key.slice(0, 4)}…${key.slice(-4)}`
}

/**
 * Lists the providers and funding sources the account may act for (`GET /api/v1/access`).
 * API keys are masked unless `--show-keys`; then a terminal gets a warning on stderr first.
 */
export async function accessCommand(flags: AccessFlags, io: CliIo): Promise<ExitCode> {
  const client = createMediRoutesClient(await resolveClientOptions(flags, io))
  try {
    const access = await client.getAccess()
    const report: AccessReport = {
      baseUrl: client.baseUrl,
      username: client.username,
      providers: access.providers.map((p) => ({
        name: p.name,
        apiKey: flags.showKeys ? p.apiKey : maskApiKey(p.apiKey),
        fundingSources: p.fundingSources.map((s) => ({ id: s.id, name: s.name })),
      })),
    }
    if (flags.showKeys && io.stdout.isTTY) {
      io.stderr.write(
        `${palette(wantsColour(io.stderr, io.env)).warn('warning:')} the keys below let anyone act for these providers; keep them out of tickets, chats and logs\n`,
      )
    }
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
      return EXIT_CODES.ok
    }
    const paint = palette(wantsColour(io.stdout, io.env))
    const lines = [
      `${paint.good(`${report.providers.length} provider${report.providers.length === 1 ? '' : 's'}`)} for ${report.username} at ${report.baseUrl}`,
    ]
    for (const provider of report.providers) {
      lines.push(`  ${provider.name}  ${paint.label('key')} ${provider.apiKey}`)
      for (const source of provider.fundingSources)
        lines.push(`    ${String(source.id).padStart(6)}  ${source.name}`)
    }
    io.stdout.write(`${lines.join('\n')}\n`)
    return EXIT_CODES.ok
  } finally {
    await client.close()
  }
}
