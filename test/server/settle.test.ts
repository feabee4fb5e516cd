import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHoustonMock } from '../../src/index.js';

/** The `settle` hook behind --state-sync: answers to changes wait for it; answers with nothing to save do not. */

/** A settle() that holds every caller until released once (later calls pass at once). */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let calls = 0;
  return {
    settle: () => {
      calls += 1;
      return opened;
    },
    release: () => open(),
    get calls() {
      return calls;
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('settle (--state-sync)', () => {
  it('holds the answer to a mutation until the change is settled, and lets queries through when nothing is pending', async () => {
    const g = gate();
    const mock = createHoustonMock({ adminKey: 'k', settle: g.settle });
    const token = await mock.issueToken(Object.values(mock.store.data.users).find((u) => u.username === 'admin@example.com')!.id);
    const post = (query: string) =>
      mock.fetch('http://localhost/v1', { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query }) });
    let answered = false;
    const created = Promise.resolve(post('mutation { createWorkspace(label: "Held") { id } }')).then((r) => {
      answered = true;
      return r;
    });
    await waitUntil(() => g.calls > 0);
    await tick();
    expect(answered).toBe(false);
    g.release();
    expect((await created).status).toBe(200);
    const query = await post('{ appConfig { version } }');
    expect(query.status).toBe(200);
  });

  it('holds a control API change and a websocket mutation too', async () => {
    let g = gate();
    const mock = createHoustonMock({ adminKey: 'k', settle: () => g.settle() });
    let answered = false;
    const reset = Promise.resolve(mock.fetch('http://localhost/_mock/reset', { method: 'POST', headers: { 'x-houston-mock-key': 'k' } })).then((r) => {
      answered = true;
      return r;
    });
    await waitUntil(() => g.calls > 0);
    await tick();
    expect(answered).toBe(false);
    g.release();
    expect((await reset).status).toBe(200);

    const base = new URL(await mock.listen(0)).origin;
    try {
      const token = await mock.issueToken(Object.values(mock.store.data.users).find((u) => u.username === 'admin@example.com')!.id);
      const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`, 'graphql-transport-ws');
      const frames: Record<string, any>[] = [];
      socket.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as Record<string, any>));
      await new Promise((resolve) => socket.on('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: token } }));
      await waitUntil(() => frames.some((f) => f.type === 'connection_ack'));
      g = gate();
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'mutation { createWorkspace(label: "Over ws") { label } }' } }));
      await waitUntil(() => g.calls > 0);
      await tick();
      expect(frames.some((f) => f.type === 'next')).toBe(false);
      g.release();
      await waitUntil(() => frames.some((f) => f.type === 'next'));
      expect(frames.find((f) => f.type === 'next')?.payload).toEqual({ data: { createWorkspace: { label: 'Over ws' } } });
      socket.close();
    } finally {
      await mock.close();
    }
  });

  it('answers HTTP 500 STATE_NOT_SAVED when the change cannot be settled', async () => {
    const mock = createHoustonMock({ settle: () => Promise.reject(new Error('cannot use state file /x/state.json: cannot write it (ENOSPC: no space left on the device)')) });
    const response = await mock.fetch('http://localhost/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createToken(identity: "admin@example.com", password: "admin") { token { value } } }' }),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'The change was made but not saved: cannot use state file /x/state.json: cannot write it (ENOSPC: no space left on the device)',
          extensions: { code: 'STATE_NOT_SAVED' },
        },
      ],
    });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not met');
}
