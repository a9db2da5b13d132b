// Fastify 5: an ESM app in TypeScript, the guide's server.ts as written, built with tsc and run.
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { check, fetchJson, freePort, today } from '../lib/harness.mjs'
import { TYPESCRIPT } from './versions.mjs'

const fixtures = join(import.meta.dirname, 'fixtures/fastify')

export const projects = {
  'fastify-5': {
    weight: 2,
    manifest: { type: 'module' },
    packages: ['@mediroutes/auth-core', '@mediroutes/fastify'],
    devPackages: ['@mediroutes/mock-server'],
    dependencies: { fastify: '5.12.8' },
    devDependencies: { typescript: TYPESCRIPT['5.9'], '@types/node': '20.19.25' },
    files(project, shared) {
      project.copy(join(shared.samples, 'fastify/server.ts'), 'src/server.ts')
      project.copy(join(fixtures, 'refused.ts'), 'src/refused.ts')
      project.write('tsconfig.json', {
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          outDir: 'dist',
          rootDir: 'src',
          types: ['node'],
        },
        include: ['src'],
      })
    },
  },
}

export const cases = [
  {
    name: 'fastify-5',
    project: 'fastify-5',
    framework: ['fastify'],
    async run(project) {
      await project.exec('npx', ['tsc', '-p', '.'])
      const emulator = await project.emulator()
      const port = await freePort()
      await project.start('node', ['dist/server.js'], {
        env: { ...emulator.env, PORT: String(port) },
        ready: /Server listening at/,
      })
      const base = `http://127.0.0.1:${port}`
      const providers = await fetchJson(`${base}/providers`)
      check(
        providers.includes('Lakeside Medical Transport'),
        `GET /providers: ${JSON.stringify(providers)}`,
      )
      const trips = await fetchJson(
        `${base}/providers/${encodeURIComponent('Lakeside Medical Transport')}/trips?date=${today()}`,
      )
      check(
        Array.isArray(trips) && trips.length > 0,
        `no trips today: ${JSON.stringify(trips).slice(0, 300)}`,
      )

      const refusedPort = await freePort()
      const refused = await project.start('node', ['dist/refused.js'], {
        env: { MEDIROUTES_BASE_URL: emulator.url, PORT: String(refusedPort) },
        ready: /Server listening at/,
      })
      const body = await fetchJson(`http://127.0.0.1:${refusedPort}/access`, { status: 503 })
      check(body.code === 'invalid_credentials', `refused login answered ${JSON.stringify(body)}`)
      await delay(500) // the error is logged once the answer is sent
      const log = refused.output()
      check(
        log.includes('"type":"MediRoutesAuthError"') && !log.includes('_MediRoutesAuthError'),
        `the log should name MediRoutesAuthError:\n${log.slice(-1500)}`,
      )
    },
  },
]
