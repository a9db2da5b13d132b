import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { consoleTracingRequested, startConsoleTracing } from './console-tracing.js'

/** Where to listen and how much to log, from `HOST` (default 127.0.0.1), `PORT` (default 3000) and `LOG_LEVEL` (default info). */
function serverSettings(env: NodeJS.ProcessEnv): { host: string; port: number; level: string } {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number from 0 to 65535 (got "${env.PORT}")`)
  }
  return { host: env.HOST ?? '127.0.0.1', port, level: env.LOG_LEVEL ?? 'info' }
}

/**
 * Builds the app from the environment, listens, and closes cleanly on SIGINT/SIGTERM (then runs
 * `afterClose`). A configuration error ends the process with its message and exit code 1.
 */
export async function startServer(afterClose?: () => Promise<void>): Promise<FastifyInstance> {
  let app: FastifyInstance
  let url: string
  try {
    const { host, port, level } = serverSettings(process.env)
    // Before the app: its MediRoutes clients record into the SDK registered when they start.
    const telemetry = consoleTracingRequested()
    if (telemetry) startConsoleTracing()
    app = await buildApp({ logger: { level }, telemetry })
    url = await app.listen({ host, port })
  } catch (error) {
    console.error(`cannot start: ${(error as Error).message}`)
    await afterClose?.()
    process.exit(1)
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app
        .close()
        .then(() => afterClose?.())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        )
    })
  }
  console.log(`dispatch API listening on ${url}`)
  return app
}
