// Plain Node: ESM and CommonJS scripts, strict TypeScript under node16 and bundler resolution
// running the guide's samples, and the CLI through npx.
import { join } from 'node:path'
import { check, freePort } from '../lib/harness.mjs'
import { TYPESCRIPT } from './versions.mjs'

const fixtures = join(import.meta.dirname, 'fixtures/node')

const strict = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  target: 'es2022',
  skipLibCheck: false,
  types: ['node'],
}

export const projects = {
  node: {
    weight: 2,
    manifest: { type: 'module' },
    packages: [
      '@mediroutes/auth-core',
      '@mediroutes/cli',
      '@mediroutes/mock-server',
      '@mediroutes/redis-store',
    ],
    devDependencies: { typescript: TYPESCRIPT['5.9'], '@types/node': '20.19.25' },
    files(project, shared) {
      for (const file of ['check.mjs', 'check.cjs', 'uncaught.mjs']) {
        project.copy(join(fixtures, file), file)
      }
      for (const sample of ['quick-start.ts', 'emulator.ts', 'errors.ts']) {
        project.copy(join(shared.samples, 'node', sample), `src/${sample}`)
      }
      project.copy(join(fixtures, 'run-errors.ts'), 'src/run-errors.ts')
      project.copy(join(fixtures, 'cjs'), 'cjs')
      project.write('tsconfig.json', {
        compilerOptions: {
          ...strict,
          module: 'node16',
          moduleResolution: 'node16',
          outDir: 'dist',
          rootDir: 'src',
        },
        include: ['src'],
      })
      project.write('tsconfig.cjs.json', {
        compilerOptions: {
          ...strict,
          module: 'node16',
          moduleResolution: 'node16',
          outDir: 'cjs-dist',
          rootDir: 'cjs',
        },
        include: ['cjs'],
      })
      project.write('cjs-dist/package.json', { type: 'commonjs' })
      project.write('tsconfig.bundler.json', {
        compilerOptions: {
          ...strict,
          module: 'preserve',
          moduleResolution: 'bundler',
          noEmit: true,
        },
        include: ['src', 'cjs'],
      })
    },
  },
  cli: {
    manifest: {},
    packages: ['@mediroutes/cli'],
    devPackages: ['@mediroutes/mock-server'],
  },
  'cli-alone': {
    manifest: {},
    packages: ['@mediroutes/cli'],
  },
}

export const cases = [
  {
    name: 'node-esm',
    project: 'node',
    framework: ['@mediroutes/auth-core'],
    async run(project) {
      await project.exec('node', ['check.mjs'])
      const emulator = await project.emulator()
      const { stderr } = await project.exec('node', ['uncaught.mjs'], {
        env: emulator.env,
        expectExit: 1,
      })
      check(
        /^MediRoutesAuthError: /m.test(stderr) && !stderr.includes('_MediRoutesAuthError'),
        `an uncaught error should print as MediRoutesAuthError:\n${stderr.slice(0, 800)}`,
      )
    },
  },
  {
    name: 'node-cjs',
    project: 'node',
    framework: ['@mediroutes/auth-core'],
    async run(project) {
      await project.exec('node', ['check.cjs'])
    },
  },
  {
    name: 'ts-node16',
    project: 'node',
    framework: ['typescript'],
    async run(project) {
      await project.exec('npx', ['tsc', '-p', 'tsconfig.json'])
      await project.exec('npx', ['tsc', '-p', 'tsconfig.cjs.json'])
      await project.exec('node', ['cjs-dist/main.js'])
      await project.exec('node', ['dist/emulator.js'])
      const emulator = await project.emulator()
      const { stdout } = await project.exec('node', ['dist/quick-start.js'], { env: emulator.env })
      check(/Lakeside Medical Transport/.test(stdout), `quick start printed:\n${stdout}`)
      await project.exec('node', ['dist/run-errors.js'], { env: emulator.env })
    },
  },
  {
    name: 'ts-bundler',
    project: 'node',
    framework: ['typescript'],
    async run(project) {
      await project.exec('npx', ['tsc', '-p', 'tsconfig.bundler.json'])
    },
  },
  {
    name: 'cli-npx',
    project: 'cli',
    framework: ['@mediroutes/cli'],
    async run(project) {
      const port = String(await freePort())
      await project.start('npx', ['mediroutes', 'mock', '--port', port], {
        ready: /listening on http/,
      })
      const env = {
        MEDIROUTES_BASE_URL: `http://127.0.0.1:${port}`,
        MEDIROUTES_USERNAME: 'demo',
      }
      const token = await project.exec(
        'npx',
        ['mediroutes', 'token', '--password-stdin', '--json'],
        {
          env,
          input: 'demo-password\n',
        },
      )
      check(/"subject"/i.test(token.stdout), `mediroutes token --json printed:\n${token.stdout}`)
      const access = await project.exec('npx', ['mediroutes', 'api', 'GET', '/api/v1/access'], {
        env: { ...env, MEDIROUTES_PASSWORD: 'demo-password' },
      })
      check(
        /Lakeside Medical Transport/.test(access.stdout),
        `api GET /api/v1/access printed:\n${access.stdout}`,
      )
    },
  },
  {
    name: 'cli-without-emulator',
    project: 'cli-alone',
    framework: ['@mediroutes/cli'],
    async run(project) {
      const tree = await project.exec('npm', ['ls', '--all', '--parseable'])
      check(
        !/mock-server/.test(tree.stdout),
        `the CLI alone installed the emulator:\n${tree.stdout}`,
      )
      await project.exec('npx', ['mediroutes', '--help'])
      const mock = await project.exec('npx', ['mediroutes', 'mock'], { expectExit: null })
      check(
        mock.code !== 0 && /npm install[^\n]*@mediroutes\/mock-server/.test(mock.stderr),
        `\`mediroutes mock\` without the emulator should say how to install it (exit ${mock.code}):\n${mock.stderr}`,
      )
    },
  },
]
