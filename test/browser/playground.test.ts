import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { login } from '../support/gql.js';

/**
 * The GraphQL IDE at GET /v1, driven in Debian's headless Chromium the way a user drives it: no network but the
 * local server. Outside CI the test is skipped when Chromium is missing; in CI (`.ci/run` installs it) it must run.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const skip = !available && !process.env.CI;
const title = skip
  ? `playground in headless Chromium (SKIPPED: ${CHROMIUM} is not installed; run \`apt-get install chromium\` as root)`
  : 'playground in headless Chromium';

const editor = (page: Page, suffix: string) => page.locator(`.monaco-editor[data-uri$="${suffix}"]`);

/** Replaces an editor's text as a user would: click, select all, delete, then type (inserted, so no auto-closing). */
async function setEditorText(page: Page, suffix: string, text: string): Promise<void> {
  await editor(page, suffix).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function resultText(page: Page, containing: string): Promise<string> {
  const selector = '.monaco-editor[data-uri$="-response.json"] .view-lines';
  await page.waitForFunction(
    ([sel, needle]) => document.querySelector(sel as string)?.textContent?.includes(needle as string) ?? false,
    [selector, containing],
    { timeout: 15_000 },
  );
  return editorText(page, '-response.json');
}

/** An editor's visible text; Monaco renders spaces as non-breaking ones. */
async function editorText(page: Page, suffix: string): Promise<string> {
  return (await editor(page, suffix).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

describe.skipIf(skip)(title, () => {
  let mock: HoustonMock;
  let base: string;
  let browser: Browser;
  const external: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: in CI the browser test must run (.ci/run installs chromium)`);
    mock = createHoustonMock();
    base = new URL(await mock.listen(0)).origin;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  /** A fresh tab, as a user opens one for a query of their own (the IDE opens on prepared tabs). */
  async function newTab(page: Page): Promise<void> {
    await page.getByRole('button', { name: /new tab|add tab/i }).click();
    await expect.poll(() => editorText(page, '-operation.graphql')).toBe('');
  }

  async function openPlayground(): Promise<Page> {
    const page = await browser.newPage();
    const local = new URL(base).host;
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.host === local) return route.continue();
      external.push(url.href);
      return route.abort();
    });
    await page.goto(`${base}/v1`);
    await editor(page, '-operation.graphql').waitFor({ timeout: 30_000 });
    return page;
  }

  it('renders the IDE, titled for houston-mock, with an authorization header ready to fill', async () => {
    const page = await openPlayground();
    expect(await page.title()).toBe('Houston API (houston-mock)');
    await expect.poll(() => editorText(page, '-request-headers.json')).toContain('"authorization": ""');
    expect(await page.getByRole('button', { name: /Execute query/ }).isVisible()).toBe(true);
    await page.close();
  }, 60_000);

  it('loads nothing from any host but the local server (it works offline)', async () => {
    const page = await openPlayground();
    await page.waitForLoadState('networkidle');
    expect(external).toEqual([]);
    await page.close();
  }, 60_000);

  it('opens on a sign-in tab that explains how to get a token and gets one when run', async () => {
    const page = await openPlayground();
    const operation = await editorText(page, '-operation.graphql');
    expect(operation).toContain('Most operations need a token in the "authorization" header');
    expect(operation).toContain('mutation SignIn');
    await page.getByRole('button', { name: /Execute query/ }).click();
    // The pane wraps the long token across lines: compare with all whitespace removed.
    const text = (await resultText(page, 'value')).replace(/\s+/g, '');
    expect(text).toMatch(/"value":"eyJ[\w-]+\.[\w-]+\.[\w-]+"/);
    await page.close();
  }, 60_000);

  it('runs a query with the token the user puts in the authorization header and shows the data', async () => {
    const token = await login(mock, 'admin@example.com', 'admin');
    const page = await openPlayground();
    await newTab(page);
    await setEditorText(page, '-operation.graphql', '{ self { user { username } } }');
    await setEditorText(page, '-request-headers.json', JSON.stringify({ authorization: token }));
    await page.getByRole('button', { name: /Execute query/ }).click();
    const text = await resultText(page, 'username');
    expect(JSON.parse(text)).toEqual({ data: { self: { user: { username: 'admin@example.com' } } } });
    await page.close();
  }, 60_000);

  it('shows Houston\'s error in the result pane when no token is set', async () => {
    const page = await openPlayground();
    await newTab(page);
    await setEditorText(page, '-operation.graphql', '{ self { user { username } } }');
    await page.getByRole('button', { name: /Execute query/ }).click();
    // The pane wraps long lines, so compare with whitespace collapsed rather than parsing it.
    const text = (await resultText(page, 'FORBIDDEN')).replace(/\s+/g, ' ');
    expect(text).toContain('"message": "You do not have the appropriate permissions for that"');
    expect(text).toContain('"code": "FORBIDDEN"');
    await page.close();
  }, 60_000);
});
