import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createHoustonMock, resolveConfig } from '../../src/index.js';
import { buildHoustonSchema } from '../../src/resolvers/index.js';
import { playgroundTabs } from '../../src/server/playgroundTabs.js';

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

  it('redirects GET / to the IDE at /v1', async () => {
    const mock = createHoustonMock({ seed: null });
    const response = await mock.fetch('http://houston.test/', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/v1');
  });

  it('opens the IDE with a sign-in tab that says how to get a token, and Houston operations to try', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const html = await (await mock.fetch('http://houston.test/v1', { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('createToken(identity: \\"admin@example.com\\", password: \\"admin\\")');
    expect(html).toContain('Or sign in at /token');
    for (const operation of ['query Workspaces', 'mutation CreateDeployment', 'mutation UpsertDeployment']) expect(html).toContain(operation);
  });
});

describe('IDE tabs', () => {
  const tabsFor = (platformVersion: string, upsertDeploymentEnabled?: boolean) => {
    const { houston } = resolveConfig({
      houston: { platformVersion, ...(upsertDeploymentEnabled !== undefined ? { deployments: { upsertDeploymentEnabled } } : {}) },
    });
    const schema = buildHoustonSchema(platformVersion);
    const tabs = playgroundTabs({
      schema,
      platformVersion,
      upsertDeploymentEnabled: houston.deployments.upsertDeploymentEnabled,
      exampleWorkspaceId: 'ckworkspace',
    });
    return { schema, tabs };
  };

  it('validates every tab against the schema of each platform generation', () => {
    for (const version of ['0.25.0', '0.29.0', '0.32.0', '0.37.0', '1.0.0', '2.1.0']) {
      const { schema, tabs } = tabsFor(version);
      for (const tab of tabs) expect(validate(schema, parse(tab.query)).map((e) => e.message), `${version}: ${tab.query}`).toEqual([]);
    }
  });

  it('offers upsertDeployment only where the schema has it, and says when the flag is off', () => {
    const operations = (version: string, flag?: boolean) => tabsFor(version, flag).tabs.map((t) => /(?:query|mutation) (\w+)/.exec(t.query)?.[1]);
    expect(operations('0.29.0')).toEqual(['SignIn', 'Workspaces', 'CreateDeployment']);
    expect(operations('2.1.0')).toEqual(['SignIn', 'Workspaces', 'CreateDeployment', 'UpsertDeployment']);
    const off = tabsFor('0.37.0', false).tabs.at(-1)?.query ?? '';
    expect(off).toContain('deployments.upsertDeploymentEnabled: true');
    expect(tabsFor('0.37.0', true).tabs.at(-1)?.query).not.toContain('deployments.upsertDeploymentEnabled');
  });

  it('fills the example variables with a real workspace id', () => {
    const { tabs } = tabsFor('2.1.0');
    expect(JSON.parse(tabs[2]?.variables ?? '{}')).toEqual({ workspaceUuid: 'ckworkspace', label: 'My first deployment' });
  });
});
