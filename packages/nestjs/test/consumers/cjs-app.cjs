// A CommonJS Nest app, written the way tsc compiles a default (CommonJS) Nest project:
// decorators applied with Reflect.decorate and constructor types recorded as design:paramtypes.
'use strict'
const { Controller, Get, Injectable, Module } = require('@nestjs/common')
const { NestFactory } = require('@nestjs/core')
const { HealthCheckService, TerminusModule } = require('@nestjs/terminus')
const { InjectMediRoutes, MediRoutesClient, MediRoutesModule } = require('@mediroutes/nestjs')
const { MediRoutesHealthIndicator } = require('@mediroutes/nestjs/terminus')

let RidersService = class RidersService {
  constructor(byType, byDecorator) {
    this.byType = byType
    this.byDecorator = byDecorator
  }
  // A provider-scoped client from forProvider adds Lakeside's API key to the v1 call.
  async firstName(riderId) {
    const lakeside = this.byType.forProvider('Lakeside Medical Transport')
    const [rider] = await lakeside.riders.getByRiderId(riderId)
    return rider?.first_name
  }
}
RidersService = Reflect.decorate(
  [
    Injectable(),
    (target) => InjectMediRoutes()(target, undefined, 1),
    Reflect.metadata('design:paramtypes', [MediRoutesClient, MediRoutesClient]),
  ],
  RidersService,
)

let RidersController = class RidersController {
  constructor(riders, health, indicator) {
    this.riders = riders
    this.health = health
    this.indicator = indicator
  }
  async rider() {
    return {
      firstName: await this.riders.firstName('LMT-1001'),
      sameClient: this.riders.byType === this.riders.byDecorator,
    }
  }
  check() {
    return this.health.check([() => this.indicator.isHealthy()])
  }
}
Reflect.decorate(
  [Get('rider')],
  RidersController.prototype,
  'rider',
  Object.getOwnPropertyDescriptor(RidersController.prototype, 'rider'),
)
Reflect.decorate(
  [Get('health')],
  RidersController.prototype,
  'check',
  Object.getOwnPropertyDescriptor(RidersController.prototype, 'check'),
)
RidersController = Reflect.decorate(
  [
    Controller(),
    Reflect.metadata('design:paramtypes', [
      RidersService,
      HealthCheckService,
      MediRoutesHealthIndicator,
    ]),
  ],
  RidersController,
)

let AppModule = class AppModule {}
AppModule = Reflect.decorate(
  [
    Module({
      imports: [MediRoutesModule, TerminusModule],
      controllers: [RidersController],
      providers: [RidersService, MediRoutesHealthIndicator],
    }),
  ],
  AppModule,
)

async function main() {
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false })
  await app.listen(0, '127.0.0.1')
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
  const rider = await (await fetch(`${url}/rider`)).json()
  const health = await (await fetch(`${url}/health`)).json()
  const client = app.get(MediRoutesClient)
  await app.close()
  const closed = await client.getAccessToken().then(
    () => 'open',
    (error) => error.code,
  )
  const report = {
    format: 'commonjs',
    resolved: require.resolve('@mediroutes/nestjs'),
    ...rider,
    health: health.details.mediroutes.state,
    closed,
  }
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`)
  process.exitCode = 1
})
