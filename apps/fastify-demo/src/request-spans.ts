import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { FastifyInstance, RouteHandlerMethod } from 'fastify'

const tracer = trace.getTracer('@mediroutes/fastify-demo')

/**
 * Runs each route registered after this in a server span, made active so the MediRoutes client's
 * token request and API calls (with `telemetry: true`) become its children. An application with
 * `@fastify/otel` or the HTTP instrumentation gets such spans from those instead.
 */
export function traceRequests(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const handler = route.handler as RouteHandlerMethod
    route.handler = function tracedHandler(request, reply) {
      const name = `${request.method} ${route.url}`
      return tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, async (span) => {
        try {
          const result = await handler.call(this, request, reply)
          span.setAttribute('http.response.status_code', reply.statusCode)
          return result
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR })
          throw error
        } finally {
          span.end()
        }
      })
    }
  })
}
