import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common'
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { Observable } from 'rxjs'

const tracer = trace.getTracer('@mediroutes/nest-demo')

/**
 * Runs each request's handler in an active server span, so the MediRoutes client's token request
 * and API calls (with `telemetry: true`) become its children. An application with the HTTP or
 * Nest instrumentation of OpenTelemetry gets such spans from those instead.
 */
@Injectable()
export class RequestSpanInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context
      .switchToHttp()
      .getRequest<{ method: string; route?: { path?: string }; path?: string }>()
    // The route's template, not the URL: no query string and no values from the path.
    const name = `${request.method} ${request.route?.path ?? context.getHandler().name}`
    return new Observable((subscriber) =>
      tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, (span) => {
        // Subscribing here runs the handler inside the span's context.
        const subscription = next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            span.setStatus({ code: SpanStatusCode.ERROR })
            span.end()
            subscriber.error(error)
          },
          complete: () => {
            span.end()
            subscriber.complete()
          },
        })
        return () => subscription.unsubscribe()
      }),
    )
  }
}
