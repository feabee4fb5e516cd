import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN, type HoustonMock } from '../../src/index.js';
import { staleViews } from '../../src/store/lookups.js';
import { gql, login } from '../support/gql.js';

/**
 * Reset, snapshots and restores share unchanged rows with the live platform instead of copying it
 * (src/store/tables.ts). Whatever order writes, snapshots, restores and resets come in, each must bring back exactly
 * the platform it saved: the same rows, in the same order, and list answers derived from them.
 */

/** A small seeded generator, so that a failing sequence can be replayed. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LISTING = '{ workspaces { id label description deployments { id label description } } }';

async function saved(mock: HoustonMock, token: string) {
  const listing = await gql(mock, LISTING, null, token);
  expect(listing.errors).toBeUndefined();
  // JSON text, so that the order of tables, rows and fields counts too.
  return { state: JSON.stringify(mock.exportState()), listing: JSON.stringify(listing.data) };
}

describe('reset, snapshots and restores', () => {
  it.each([16, 7, 42])('bring back the platform they saved after any mix of writes (sequence %i)', async (seed) => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const start = await saved(mock, token);
    const points = new Map<string, Awaited<ReturnType<typeof saved>>>();
    const random = sequence(seed);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
    const workspaceIds = () => Object.keys(mock.store.data.workspaces);
    const liveDeploymentIds = () => Object.values(mock.store.data.deployments).filter((d) => !d.deletedAt).map((d) => d.id);
    let n = 0;
    const removed: (typeof mock.store.data.deployments)[string][] = [];
    const done = { writes: 0, restores: 0, resets: 0 };
    const write = async (query: string) => {
      const result = await gql(mock, query, null, token);
      if (!result.errors) done.writes++;
    };

    const steps: (() => Promise<void> | void)[] = [
      async () => {
        await write(`mutation { createWorkspace(label: "W${n}", description: "made ${n}") { id } }`);
      },
      async () => {
        const id = pick(workspaceIds());
        if (id) await write(`mutation { updateWorkspace(workspaceUuid: "${id}", payload: { label: "Renamed ${n}" }) { id } }`);
      },
      async () => {
        const id = pick(workspaceIds());
        if (id) await write(`mutation { deleteWorkspace(workspaceUuid: "${id}") { id } }`);
      },
      async () => {
        const id = pick(workspaceIds());
        if (id) await write(`mutation { createDeployment(workspaceUuid: "${id}", type: "airflow", label: "D${n}") { id } }`);
      },
      async () => {
        const id = pick(liveDeploymentIds());
        if (id) await write(`mutation { updateDeployment(deploymentUuid: "${id}", payload: { description: "edited ${n}" }) { id } }`);
      },
      async () => {
        const id = pick(liveDeploymentIds());
        if (id) await write(`mutation { deleteDeployment(deploymentUuid: "${id}") { id } }`);
      },
      async () => {
        const id = pick(workspaceIds());
        if (id) await write(`mutation { workspaceAddUser(workspaceUuid: "${id}", email: "member${n}@example.com", role: WORKSPACE_EDITOR) { id } }`);
      },
      () => {
        const id = pick(workspaceIds());
        if (id) mock.updateRow('workspaces', id, (w) => void (w.description = `direct ${n}`));
      },
      () => {
        const id = pick(liveDeploymentIds());
        if (!id) return;
        removed.push(mock.store.data.deployments[id]!);
        mock.deleteRow('deployments', id);
      },
      () => {
        // A removed row put back under its id: it is enumerated last now, and a restore must put it back in place.
        const row = removed.splice(Math.floor(random() * removed.length), 1)[0];
        if (row && !mock.store.data.deployments[row.id]) mock.insertRow('deployments', row);
      },
      () => {
        const id = pick(Object.keys(mock.store.data.roleBindings));
        if (id) mock.deleteRow('roleBindings', id);
      },
      () => {
        const id = pick(workspaceIds());
        if (id) mock.insertRow('workspaces', { ...mock.store.data.workspaces[id]!, id: `inserted-${n}`, label: `Inserted ${n}` });
      },
      async () => {
        points.set(`p${n}`, await saved(mock, token));
        mock.snapshot(`p${n}`);
      },
      async () => {
        const name = pick([...points.keys()]);
        if (!name) return;
        mock.restore(name);
        done.restores++;
        expect(await saved(mock, token), `restore of ${name} at step ${n}`).toEqual(points.get(name));
      },
      async () => {
        if (random() > 0.3) return;
        mock.reset();
        done.resets++;
        expect(await saved(mock, token), `reset at step ${n}`).toEqual(start);
      },
    ];

    for (n = 0; n < 400; n++) await pick(steps)!();
    // The sequence really wrote, restored and reset (a mutation refused by Houston's rules counts for nothing).
    expect(done.writes).toBeGreaterThan(100);
    expect(done.restores).toBeGreaterThan(10);
    expect(done.resets).toBeGreaterThan(3);
    expect(staleViews(mock.store)).toEqual([]);
    for (const [name, point] of points) {
      mock.restore(name);
      expect(await saved(mock, token), `final restore of ${name}`).toEqual(point);
    }
    mock.reset();
    expect(await saved(mock, token)).toEqual(start);
  });

  it('bring back a snapshot taken before load replaced the platform, and reset to the loaded one', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    await gql(mock, 'mutation { createWorkspace(label: "Before load") { id } }', null, token);
    const id = Object.keys(mock.store.data.roleBindings)[0]!;
    mock.deleteRow('roleBindings', id);
    const before = await saved(mock, token);
    mock.snapshot('before');
    const other = createHoustonMock({ seed: 7 });
    mock.load(other.exportState());
    const otherToken = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const loaded = await saved(mock, otherToken);
    await gql(mock, 'mutation { createWorkspace(label: "After load") { id } }', null, otherToken);
    mock.restore('before');
    expect(await saved(mock, token)).toEqual(before);
    await gql(mock, 'mutation { createWorkspace(label: "After restore") { id } }', null, token);
    mock.reset();
    expect(await saved(mock, otherToken)).toEqual(loaded);
    mock.restore('before');
    expect(await saved(mock, token)).toEqual(before);
  });

  it('refuses a direct write to a row, which would change the reset point behind its back', () => {
    const mock = createHoustonMock();
    const workspace = Object.values(mock.store.data.workspaces)[0]!;
    expect(() => {
      (workspace as { label: string }).label = 'changed';
    }).toThrow(TypeError);
  });

  it('keeps a fork apart from the instance it came from', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const before = await saved(mock, token);
    const fork = mock.fork();
    const id = Object.keys(fork.store.data.workspaces)[0]!;
    fork.updateRow('workspaces', id, (w) => void (w.label = 'Only in the fork'));
    fork.reset();
    fork.updateRow('workspaces', id, (w) => void (w.label = 'Only in the fork'));
    expect(await saved(mock, token)).toEqual(before);
    expect(fork.store.data.workspaces[id]!.label).toBe('Only in the fork');
  });
});
