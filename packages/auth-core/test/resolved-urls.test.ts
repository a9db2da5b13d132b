import { describe, expect, it } from 'vitest'
import { ResolvedUrls } from '../src/resolved-urls.js'

const base = new URL('https://api.example.test/prefix/')

describe('resolved URLs of repeated paths', () => {
  it('resolves a repeated string path once, against the base and its prefix', () => {
    const urls = new ResolvedUrls(base)
    const first = urls.resolve('/api/v1/access')
    expect(first.href).toBe('https://api.example.test/prefix/api/v1/access')
    expect(urls.resolve('/api/v1/access')).toBe(first)
  })

  it('refuses another origin every time, cached paths or not', () => {
    const urls = new ResolvedUrls(base)
    urls.resolve('https://api.example.test/prefix/api/v1/access')
    for (let i = 0; i < 2; i++)
      expect(() => urls.resolve('https://elsewhere.test/api/v1/access')).toThrow(/refusing/)
  })

  it('keeps resolving correctly past its size bound (a query string per call)', () => {
    const urls = new ResolvedUrls(base)
    for (let i = 0; i < 600; i++)
      expect(urls.resolve(`/api/v1/rides?page=${i}`).search).toBe(`?page=${i}`)
  })

  it('resolves URL objects without caching them', () => {
    const urls = new ResolvedUrls(base)
    const input = new URL('https://api.example.test/prefix/x')
    expect(urls.resolve(input)).not.toBe(input)
    expect(urls.resolve(input).href).toBe(input.href)
  })
})
