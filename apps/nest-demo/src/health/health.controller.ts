import { MediRoutesHealthIndicator } from '@mediroutes/nestjs/terminus'
import { Controller, Get } from '@nestjs/common'
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus'

/** `GET /health`: the MediRoutes token state, without a call to `/token`. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mediroutes: MediRoutesHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.mediroutes.isHealthy('mediroutes')])
  }
}
