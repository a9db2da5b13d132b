// NestJS 11 and 12: a CommonJS app set up the way `nest new` does (its tsconfig, tsc to dist/),
// the guide's main.ts, app.module.ts and trips/ as written, plus forRoot and forRootAsync with
// @nestjs/config.
import { join } from 'node:path'
import { check, fetchJson, freePort, today } from '../lib/harness.mjs'
import { TYPESCRIPT } from './versions.mjs'

const fixtures = join(import.meta.dirname, 'fixtures/nestjs')

// The tsconfig.json `nest new` writes (Nest 11's starter), unchanged.
const NEST_NEW_TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    resolvePackageJsonExports: true,
    esModuleInterop: true,
    isolatedModules: true,
    declaration: true,
    removeComments: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    target: 'ES2023',
    sourceMap: true,
    outDir: './dist',
    incremental: true,
    skipLibCheck: true,
    strictNullChecks: true,
    forceConsistentCasingInFileNames: true,
    noImplicitAny: false,
    strictBindCallApply: false,
    noFallthroughCasesInSwitch: false,
  },
}

function nestProject(versions) {
  return {
    weight: 3,
    // No "type": a CommonJS project, as `nest new` creates it.
    manifest: {},
    packages: ['@mediroutes/auth-core', '@mediroutes/nestjs'],
    devPackages: ['@mediroutes/mock-server'],
    dependencies: {
      '@nestjs/common': versions.nest,
      '@nestjs/core': versions.nest,
      '@nestjs/platform-express': versions.nest,
      '@nestjs/config': versions.config,
      'reflect-metadata': '0.2.2',
      rxjs: '7.8.2',
    },
    devDependencies: { typescript: TYPESCRIPT['5.9'], '@types/node': '20.19.25' },
    files(project, shared) {
      for (const sample of ['main.ts', 'app.module.ts', 'trips']) {
        project.copy(join(shared.samples, 'nestjs', sample), `src/${sample}`)
      }
      project.copy(join(fixtures, 'config.module.ts'), 'src/config.module.ts')
      project.copy(join(fixtures, 'main-config.ts'), 'src/main-config.ts')
      project.write('tsconfig.json', NEST_NEW_TSCONFIG)
      project.write('tsconfig.build.json', {
        extends: './tsconfig.json',
        exclude: ['node_modules', 'test', 'dist', '**/*spec.ts'],
      })
    },
  }
}

export const projects = {
  'nestjs-11': nestProject({ nest: '11.2.12', config: '4.0.4' }),
  'nestjs-12': nestProject({ nest: '12.6.3', config: '12.0.1' }),
}

async function runNest(project) {
  await project.exec('npx', ['tsc', '-p', 'tsconfig.build.json'])
  const emulator = await project.emulator()
  const lakeside = encodeURIComponent('Lakeside Medical Transport')

  const port = await freePort()
  await project.start('node', ['dist/main.js'], {
    env: { ...emulator.env, PORT: String(port) },
    ready: /Nest application successfully started/,
  })
  const base = `http://127.0.0.1:${port}`
  const providers = await fetchJson(`${base}/providers`)
  check(
    providers.includes('Lakeside Medical Transport'),
    `GET /providers: ${JSON.stringify(providers)}`,
  )
  const trips = await fetchJson(`${base}/providers/${lakeside}/trips?date=${today()}`)
  check(
    Array.isArray(trips) && trips.length > 0,
    `no trips: ${JSON.stringify(trips).slice(0, 300)}`,
  )
  // MediRoutes' own 404 for an unknown trip reaches the caller as a 404, through the filter.
  const missing = await fetchJson(`${base}/providers/${lakeside}/trips/no-such-trip`, {
    status: 404,
  })
  check(missing.code === 'api_error', `unknown trip answered ${JSON.stringify(missing)}`)

  for (const module of ['forRootAsync', 'forRoot']) {
    const modulePort = await freePort()
    await project.start('node', ['dist/main-config.js'], {
      env: { ...emulator.env, PORT: String(modulePort), APP_MODULE: module },
      ready: /Nest application successfully started/,
    })
    const names = await fetchJson(`http://127.0.0.1:${modulePort}/access`)
    check(
      names.includes('Lakeside Medical Transport'),
      `${module}: GET /access ${JSON.stringify(names)}`,
    )
    const rider = await fetchJson(`http://127.0.0.1:${modulePort}/access/rider`)
    check(rider && typeof rider === 'object', `${module}: no rider LMT-1001`)
  }

  // A boot failure names the SDK's error class, not the bundler's renamed one.
  const failed = await project.exec('node', ['dist/main.js'], {
    env: {
      MEDIROUTES_BASE_URL: emulator.url,
      MEDIROUTES_USERNAME: 'demo',
      MEDIROUTES_PASSWORD: '',
    },
    expectExit: null,
    timeoutMs: 30_000,
  })
  const output = failed.stdout + failed.stderr
  check(
    failed.code !== 0 &&
      /MediRoutesAuthError/.test(output) &&
      !output.includes('_MediRoutesAuthError'),
    `a missing password should stop the boot with a MediRoutesAuthError (exit ${failed.code}):\n${output.slice(-1500)}`,
  )
}

export const cases = [
  { name: 'nestjs-11', project: 'nestjs-11', framework: ['@nestjs/core'], run: runNest },
  { name: 'nestjs-12', project: 'nestjs-12', framework: ['@nestjs/core'], run: runNest },
]
