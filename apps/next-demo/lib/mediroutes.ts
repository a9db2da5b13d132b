import { getMediRoutesClient, type MediRoutesClient } from '@mediroutes/nextjs'

/**
 * The dashboard's MediRoutes client, configured from `MEDIROUTES_*`. Every page, action and
 * route calls this one function, so they all share one client and one token. With several
 * server instances (serverless), pass a shared store here: see the package README.
 */
export function mediroutes(): MediRoutesClient {
  return getMediRoutesClient()
}
