import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN, type HoustonMockOptions } from '../src/index.js';
import { gql } from './support/gql.js';

/** A fixed series of requests touching generated values: tokens, ids, release names, namespaces, keys, dates. */
async function script(options: HoustonMockOptions): Promise<unknown[]> {
  const mock = createHoustonMock(options);
  const answers: unknown[] = [];
  const login = await gql(
    mock,
    'mutation ($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { token { value } user { id } } }',
    { identity: SEED_ADMIN.email, password: SEED_ADMIN.password },
  );
  answers.push(login);
  const token = (login.data as { createToken: { token: { value: string } } }).createToken.token.value;
  const workspace = await gql(mock, 'mutation { createWorkspace(label: "Data platform") { id label createdAt } }', null, token);
  answers.push(workspace);
  const workspaceId = (workspace.data as { createWorkspace: { id: string } }).createWorkspace.id;
  const deployment = await gql(
    mock,
    'mutation ($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", executor: CeleryExecutor) { id releaseName namespace createdAt } }',
    { ws: workspaceId },
    token,
  );
  answers.push(deployment);
  const deploymentId = (deployment.data as { createDeployment: { id: string } }).createDeployment.id;
  answers.push(
    await gql(
      mock,
      'mutation ($d: Uuid!) { createDeploymentServiceAccount(label: "ci", role: DEPLOYMENT_EDITOR, deploymentUuid: $d) { id apiKey } }',
      { d: deploymentId },
      token,
    ),
  );
  answers.push(await gql(mock, '{ workspaces { id label deploymentCount } }', null, token));
  // Identical failures would prove nothing: every step must have worked.
  for (const answer of answers) expect((answer as { errors?: unknown }).errors).toBeUndefined();
  answers.push(mock.exportState());
  return answers;
}

describe('determinism', () => {
  it('gives identical answers and state for the same seed and the same requests', async () => {
    const options = { seed: 42, jwtSecret: 'fixed-secret-for-the-test' };
    expect(await script(options)).toEqual(await script(options));
  });

  it('gives a different platform for a different seed', async () => {
    const first = await script({ seed: 1, jwtSecret: 'fixed-secret-for-the-test' });
    const second = await script({ seed: 2, jwtSecret: 'fixed-secret-for-the-test' });
    expect(first.at(-1)).not.toEqual(second.at(-1));
  });

  it('gives identical answers on every supported platform generation for the same seed', async () => {
    for (const platformVersion of ['0.25.0', '0.37.0', '1.0.0', '2.1.0']) {
      const options = { seed: 7, platformVersion, jwtSecret: 'fixed-secret-for-the-test' };
      expect(await script(options)).toEqual(await script(options));
    }
  });
});
