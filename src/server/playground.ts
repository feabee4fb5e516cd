import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

const rendered = new Map<string, Promise<string>>();

/**
 * The GraphQL IDE at `GET /v1`, as on Houston. graphql-yoga's default page loads GraphiQL from a CDN and is blank
 * offline; this one has every script and style inlined, so it works with no internet. The inlined bundle is
 * loaded on the first page view (an instance inside a test suite never pays its memory), and each distinct page
 * (its tabs name the platform version) is rendered once (about 9 MB) and reused.
 */
export function playgroundPage(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options);
  let page = rendered.get(key);
  if (!page) {
    page = import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options));
    rendered.set(key, page);
  }
  return page;
}

/** A page ready to send: its entity tag and, made on first demand and kept, its compressed forms. */
interface Delivered {
  etag: string;
  encoded: Map<'br' | 'gzip', Promise<Buffer>>;
}

const delivered = new Map<string, Delivered>();

function deliveredFor(page: string): Delivered {
  let entry = delivered.get(page);
  if (!entry) {
    entry = { etag: `"${createHash('sha256').update(page).digest('base64url').slice(0, 32)}"`, encoded: new Map() };
    delivered.set(page, entry);
  }
  return entry;
}

/** Brotli at a middle quality: the top one takes seconds on a page this size, for a few percent. */
const compressors = {
  br: (page: string) => promisify(brotliCompress)(page, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (page: string) => promisify(gzip)(page),
} as const;

function encodedPage(entry: Delivered, page: string, encoding: 'br' | 'gzip'): Promise<Buffer> {
  let made = entry.encoded.get(encoding);
  if (!made) {
    made = compressors[encoding](page);
    entry.encoded.set(encoding, made);
  }
  return made;
}

/** The best encoding the client accepts (`br`, then `gzip`), or none. */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? (accepted.has('*') ? (accepted.get('*') ?? 0) : 0);
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * Sends the IDE page the way a browser can keep it: compressed by `accept-encoding` (about 9 MB of HTML becomes a
 * few hundred KB; each form is made once per page and kept), with an ETag so that a reload with `If-None-Match`
 * answers 304 without a body. Works on the answer graphql-yoga's GraphiQL handler made (its headers, CORS included,
 * are kept); `page` gives the same page that answer holds, from the cache above.
 */
export function playgroundDelivery(endpoint: string, page: () => Promise<string>): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET' || response.status !== 200) return;
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      const { pathname } = new URL(request.url);
      if (pathname !== endpoint && pathname !== `${endpoint}/`) return;
      const html = await page();
      const entry = deliveredFor(html);
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', 'text/html; charset=utf-8');
      headers.set('etag', entry.etag);
      // Kept, but checked again on every use: the page changes with the platform version and the tabs.
      headers.set('cache-control', 'no-cache');
      headers.append('vary', 'accept-encoding');
      headers.delete('content-length');
      if (matchesEtag(request.headers.get('if-none-match'), entry.etag)) {
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      if (!encoding) {
        setResponse(new fetchAPI.Response(html, { status: 200, headers }));
        return;
      }
      headers.set('content-encoding', encoding);
      setResponse(new fetchAPI.Response(new Uint8Array(await encodedPage(entry, html, encoding)), { status: 200, headers }));
    },
  };
}
