// An ESM Nest app, decorated by hand (plain JavaScript has no parameter decorators), configured
// with forRootAsync.
import { createRequire } from 'node:module'
import { InjectMediRoutes, MediRoutesClient, MediRoutesModule } from '@mediroutes/nestjs'
import { Controller, Get, Injectable, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'

const LAKESIDE = 'Lakeside Medical Transport'

let RidersService = class RidersService {
  constructor(broker, lakeside) {
    this.broker = broker
    this.lakeside = lakeside
  }
}
RidersService = Reflect.decorate(
  [
    Injectable(),
    (target) => InjectMediRoutes('broker')(target, undefined, 0),
    // The provider-scoped client the registration's `providers` option made, of the named client.
    (target) => InjectMediRoutes({ name: 'broker', provider: LAKESIDE })(target, undefined, 1),
    Reflect.metadata('design:paramtypes', [Object, Object]),
  ],
  RidersService,
)

let RidersController = class RidersController {
  constructor(riders) {
    this.riders = riders
  }
  async rider() {
    const [rider] = await this.riders.lakeside.riders.getByRiderId('LMT-1001')
    return { firstName: rider?.first_name }
  }
}
Reflect.decorate(
  [Get('rider')],
  RidersController.prototype,
  'rider',
  Object.getOwnPropertyDescriptor(RidersController.prototype, 'rider'),
)
RidersController = Reflect.decorate(
  [Controller(), Reflect.metadata('design:paramtypes', [RidersService])],
  RidersController,
)

let AppModule = class AppModule {}
AppModule = Reflect.decorate(
  [
    Module({
      imports: [
        MediRoutesModule.forRootAsync({
          name: 'broker',
          providers: [LAKESIDE],
          useFactory: () => ({
            baseUrl: process.env.MEDIROUTES_BASE_URL,
            username: process.env.MEDIROUTES_USERNAME,
            password: process.env.MEDIROUTES_PASSWORD,
          }),
        }),
      ],
      controllers: [RidersController],
      providers: [RidersService],
    }),
  ],
  AppModule,
)

const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false })
await app.listen(0, '127.0.0.1')
const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
const rider = await (await fetch(`${url}/rider`)).json()
const client = app.get(RidersService).broker
await app.close()
const closed = await client.getAccessToken().then(
  () => 'open',
  (error) => error.code,
)
const report = {
  format: 'module',
  resolved: import.meta.resolve('@mediroutes/nestjs'),
  defaultClientRegistered: (() => {
    try {
      app.get(MediRoutesClient)
      return true
    } catch {
      return false
    }
  })(),
  requireResolves: createRequire(import.meta.url).resolve('@mediroutes/nestjs'),
  ...rider,
  closed,
}
process.stdout.write(`${JSON.stringify(report)}\n`)
