import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createHoustonMock } from '../../src/index.js';
import { chooseEncoding } from '../../src/server/playground.js';

const IDE = 'http://houston.test/v1';

describe('IDE page delivery', () => {
  const mock = createHoustonMock({ seed: null });
  const get = (headers: Record<string, string>) => mock.fetch(IDE, { headers: { accept: 'text/html', ...headers } });

  it('answers the page compressed with gzip or brotli as accept-encoding asks, the same page once decoded', async () => {
    const plain = await get({ 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const html = await plain.text();
    expect(html).toContain('GraphiQL');

    const gzipped = await get({ 'accept-encoding': 'gzip' });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toContain('accept-encoding');
    const gzipBytes = Buffer.from(await gzipped.arrayBuffer());
    expect(gzipBytes.length).toBeLessThan(html.length / 2);
    expect(gunzipSync(gzipBytes).toString('utf8')).toBe(html);

    const brotli = await get({ 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).toString('utf8')).toBe(html);
  });

  it('answers 304 without a body to If-None-Match with the ETag it gave, and the page to another tag', async () => {
    const first = await get({ 'accept-encoding': 'gzip' });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    await first.arrayBuffer();

    const again = await get({ 'accept-encoding': 'gzip', 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    const other = await get({ 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('GraphiQL');
  });

  it('leaves GraphQL answers alone', async () => {
    const response = await mock.fetch(IDE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('etag')).toBeNull();
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('accept-encoding', () => {
  it('prefers brotli, then gzip, honours q=0 and *, and falls back to none', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding(null)).toBeNull();
  });
});
