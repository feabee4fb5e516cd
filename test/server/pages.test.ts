import { describe, expect, it } from 'vitest';
import { createHoustonMock } from '../../src/index.js';

/** Every absolute URL a page would load: script/link/img/iframe sources and stylesheet imports. */
function loadedUrls(html: string): string[] {
  const attrs = [...html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*?\s(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1] ?? '');
  const imports = [...html.matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)/gi)].map((m) => m[1] ?? '');
  return [...attrs, ...imports].filter((u) => /^(https?:)?\/\//i.test(u));
}

describe('browser pages', () => {
  it('serves a GraphQL IDE at GET /v1 that loads nothing from another host', async () => {
    const mock = createHoustonMock({ seed: null });
    const response = await mock.fetch('http://houston.test/v1', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    expect(loadedUrls(html)).toEqual([]);
  });

  it('pre-fills the IDE with an authorization header to paste a token into', async () => {
    const mock = createHoustonMock({ seed: null });
    const html = await (await mock.fetch('http://houston.test/v1', { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('authorization');
  });

  it('serves a token page at GET /token that logs in through /v1', async () => {
    const mock = createHoustonMock({ seed: null });
    const response = await mock.fetch('http://houston.test/token');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('createToken');
    expect(loadedUrls(html)).toEqual([]);
  });
});
