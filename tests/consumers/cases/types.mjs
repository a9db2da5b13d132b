// TypeScript 5.9, 6 and 7 checking a file that uses every package's public types (with the
// frameworks installed), under strict and non-strict settings.
import { join } from 'node:path'
import { TYPESCRIPT } from './versions.mjs'

const fixtures = join(import.meta.dirname, 'fixtures/types')
const base = {
  target: 'es2022',
  module: 'nodenext',
  moduleResolution: 'nodenext',
  noEmit: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
}

export const projects = {
  types: {
    weight: 4,
    manifest: { type: 'module' },
    packages: [
      '@mediroutes/auth-core',
      '@mediroutes/cli',
      '@mediroutes/fastify',
      '@mediroutes/mock-server',
      '@mediroutes/nestjs',
      '@mediroutes/nextjs',
      '@mediroutes/redis-store',
    ],
    dependencies: {
      '@nestjs/common': '12.6.3',
      '@nestjs/core': '12.6.3',
      fastify: '5.12.8',
      ioredis: '6.1.0',
      next: '16.5.0',
      react: '19.3.1',
      'react-dom': '19.3.1',
      'reflect-metadata': '0.2.2',
      rxjs: '7.8.2',
    },
    devDependencies: {
      typescript: TYPESCRIPT['5.9'],
      'typescript-6': `npm:typescript@${TYPESCRIPT[6]}`,
      'typescript-7': `npm:typescript@${TYPESCRIPT[7]}`,
      '@types/node': '20.19.25',
      '@types/react': '19.3.2',
    },
    files(project) {
      project.copy(join(fixtures, 'public-types.ts'), 'src/public-types.ts')
      project.write('tsconfig.strict.json', {
        compilerOptions: { ...base, strict: true, exactOptionalPropertyTypes: true },
        include: ['src'],
      })
      project.write('tsconfig.loose.json', {
        compilerOptions: { ...base, strict: false },
        include: ['src'],
      })
    },
  },
}

const compilers = [
  ['5.9', 'typescript'],
  ['6', 'typescript-6'],
  ['7', 'typescript-7'],
]

export const cases = compilers.map(([version, folder]) => ({
  name: `types-ts-${version}`,
  project: 'types',
  framework: [folder],
  async run(project) {
    for (const config of ['tsconfig.strict.json', 'tsconfig.loose.json']) {
      await project.exec('node', [`node_modules/${folder}/bin/tsc`, '-p', config])
    }
  },
}))
