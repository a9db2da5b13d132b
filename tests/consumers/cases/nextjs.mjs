// Next.js 15 and 16: the guide's App Router files as written plus the package's proxy route and a
// server action, built with `next build` and served by `next start`, checked over HTTP; once with
// the tsconfig.json Next.js writes by itself (strict: false) and once with create-next-app's.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { check, fetchJson, fetchWhenListening, freePort } from '../lib/harness.mjs'
import { TYPESCRIPT } from './versions.mjs'

const fixtures = join(import.meta.dirname, 'fixtures/nextjs')

// create-next-app's tsconfig.json (TypeScript, App Router, no src/), strict.
const CREATE_NEXT_APP_TSCONFIG = {
  compilerOptions: {
    target: 'ES2017',
    lib: ['dom', 'dom.iterable', 'esnext'],
    allowJs: true,
    skipLibCheck: true,
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    module: 'esnext',
    moduleResolution: 'bundler',
    resolveJsonModule: true,
    isolatedModules: true,
    jsx: 'preserve',
    incremental: true,
    plugins: [{ name: 'next' }],
    paths: { '@/*': ['./*'] },
  },
  include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts'],
  exclude: ['node_modules'],
}

function nextProject(next) {
  return {
    weight: 5,
    manifest: {},
    packages: ['@mediroutes/auth-core', '@mediroutes/nextjs'],
    devPackages: ['@mediroutes/mock-server'],
    dependencies: { next, react: '19.3.1', 'react-dom': '19.3.1' },
    devDependencies: {
      typescript: TYPESCRIPT['5.9'],
      '@types/node': '20.19.25',
      '@types/react': '19.3.2',
      '@types/react-dom': '19.3.0',
    },
    files(project, shared) {
      for (const file of ['page.tsx', 'actions.ts', 'reschedule-form.tsx', 'api']) {
        project.copy(join(shared.samples, 'nextjs/app', file), `app/${file}`)
      }
      project.copy(join(fixtures, 'app'), 'app')
      project.copy(join(fixtures, 'next.config.mjs'), 'next.config.mjs')
    },
  }
}

export const projects = {
  'nextjs-15': nextProject('15.5.29'),
  'nextjs-16': nextProject('16.5.0'),
}

async function buildAndCheck(project, tsconfig) {
  rmSync(join(project.dir, '.next'), { recursive: true, force: true })
  rmSync(join(project.dir, 'tsconfig.json'), { force: true })
  rmSync(join(project.dir, 'next-env.d.ts'), { force: true })
  if (tsconfig) project.write('tsconfig.json', tsconfig)
  const emulator = await project.emulator()
  // The build must not need MediRoutes: pages that call it render per request.
  await project.exec('npx', ['next', 'build'], {
    env: {
      MEDIROUTES_BASE_URL: 'http://127.0.0.1:9',
      MEDIROUTES_USERNAME: 'demo',
      MEDIROUTES_PASSWORD: 'x',
    },
    timeoutMs: 600_000,
  })
  if (!tsconfig) {
    const generated = JSON.parse(project.read('tsconfig.json'))
    check(
      generated.compilerOptions?.strict === false,
      `Next.js generated a tsconfig with strict ${generated.compilerOptions?.strict}`,
    )
  }
  const port = await freePort()
  await project.start('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: emulator.env,
    ready: /Ready in|started server/i,
  })
  const base = `http://127.0.0.1:${port}`

  const page = await fetchWhenListening(`${base}/`)
  const html = await page.text()
  check(
    page.status === 200 && /<li/.test(html),
    `the trips page answered ${page.status}:\n${html.slice(0, 600)}`,
  )

  const denied = await fetchJson(`${base}/api/todays-trips`, { status: 401 })
  check(typeof denied.message === 'string', `no session: ${JSON.stringify(denied)}`)
  const trips = await fetchJson(`${base}/api/todays-trips`, { headers: { cookie: 'session=1' } })
  check(
    Array.isArray(trips) && trips.length > 0,
    `route handler: ${JSON.stringify(trips).slice(0, 300)}`,
  )
  const today = new Date().toISOString().slice(0, 10)
  const proxied = await fetchJson(
    `${base}/api/mediroutes/api/v1/rides/getRidesByDate?date=${today}`,
  )
  check(
    JSON.stringify(proxied).includes('trip_guid'),
    `proxy route: ${JSON.stringify(proxied).slice(0, 300)}`,
  )

  // The server action, as a form without JavaScript posts it.
  const form = await (await fetch(`${base}/check`)).text()
  const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(form)?.[1]
  check(actionField, `no server action field on /check:\n${form.slice(0, 800)}`)
  const body = new FormData()
  body.set(actionField, '')
  const posted = await fetch(`${base}/check`, { method: 'POST', body, redirect: 'manual' })
  const location = posted.headers.get('location') ?? ''
  check(
    posted.status === 303 && /providers=1&riders=1/.test(location),
    `the server action answered ${posted.status} to ${location}: ${(await posted.text()).slice(0, 400)}`,
  )
}

export const cases = [
  {
    name: 'nextjs-15-generated-tsconfig',
    project: 'nextjs-15',
    framework: ['next'],
    run: (project) => buildAndCheck(project, undefined),
  },
  {
    name: 'nextjs-15-strict-tsconfig',
    project: 'nextjs-15',
    framework: ['next'],
    run: (project) => buildAndCheck(project, CREATE_NEXT_APP_TSCONFIG),
  },
  {
    name: 'nextjs-16-generated-tsconfig',
    project: 'nextjs-16',
    framework: ['next'],
    run: (project) => buildAndCheck(project, undefined),
  },
  {
    name: 'nextjs-16-strict-tsconfig',
    project: 'nextjs-16',
    framework: ['next'],
    run: (project) =>
      buildAndCheck(project, {
        ...CREATE_NEXT_APP_TSCONFIG,
        compilerOptions: { ...CREATE_NEXT_APP_TSCONFIG.compilerOptions, jsx: 'react-jsx' },
      }),
  },
]
