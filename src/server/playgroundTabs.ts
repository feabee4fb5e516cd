import type { GraphQLSchema } from 'graphql';

/** A tab of the IDE, as GraphiQL's `defaultTabs` takes it. */
export interface PlaygroundTab {
  query: string;
  variables?: string;
  headers?: string;
}

export interface PlaygroundContext {
  schema: GraphQLSchema;
  platformVersion: string;
  /** null where the platform has no such flag (2.x: always on). */
  upsertDeploymentEnabled: boolean | null;
  /** A workspace to put in the example variables: the seeded "Data Platform", or none on an empty platform. */
  exampleWorkspaceId: string | null;
}

const HEADERS = JSON.stringify({ authorization: '' }, null, 2);

/**
 * The tabs a first-time user finds open in the IDE: how to get a token first (the page opens with nothing
 * otherwise), then a few of the operations people script against Houston. Only operations the served schema has
 * are offered, so every tab validates on the platform version being emulated.
 */
export function playgroundTabs(context: PlaygroundContext): PlaygroundTab[] {
  const mutations = context.schema.getMutationType()?.getFields() ?? {};
  const workspaceVariable = context.exampleWorkspaceId ?? '<a workspace id from the "workspaces" tab>';
  const tabs: PlaygroundTab[] = [
    {
      query: `# Welcome to houston-mock, emulating the Houston API of Astronomer Software ${context.platformVersion}.
#
# Most operations need a token in the "authorization" header (Headers, below). To get one:
#   1. run this mutation (the seeded system admin is admin@example.com / admin; every other seeded account
#      uses the password "password"; on an empty platform the first createUser becomes the system admin),
#   2. copy token.value into "authorization" in the Headers pane, raw (as the Astro CLI sends it) or as "Bearer …".
# Or sign in at /token, which shows a token to copy.
#
# The other tabs hold a few Houston operations to try next.
mutation SignIn {
  createToken(identity: "admin@example.com", password: "admin") {
    token {
      value
    }
  }
}
`,
      headers: HEADERS,
    },
    {
      query: `# The workspaces the token's user can see (a system admin sees them all).
query Workspaces {
  workspaces {
    id
    label
    description
    deploymentCount
  }
}
`,
      headers: HEADERS,
    },
  ];
  if (mutations.createDeployment) {
    tabs.push({
      query: `# Creates an Airflow deployment in a workspace (a workspace admin or editor may).
mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $workspaceUuid, label: $label, type: "airflow", executor: CeleryExecutor) {
    id
    label
    releaseName
    status
  }
}
`,
      variables: JSON.stringify({ workspaceUuid: workspaceVariable, label: 'My first deployment' }, null, 2),
      headers: HEADERS,
    });
  }
  if (mutations.upsertDeployment) {
    const flag =
      context.upsertDeploymentEnabled === false
        ? `# This platform has the flag off: start houston-mock with deployments.upsertDeploymentEnabled: true in
# config.yaml (--config) to use it, as on Houston ${context.platformVersion}.
`
        : '';
    tabs.push({
      query: `# Creates a deployment, or updates it when deploymentUuid is given (environment variables not sent again
# are dropped).
${flag}mutation UpsertDeployment($workspaceUuid: Uuid, $label: String, $environmentVariables: [InputEnvironmentVariable]) {
  upsertDeployment(workspaceUuid: $workspaceUuid, label: $label, executor: CeleryExecutor, environmentVariables: $environmentVariables) {
    id
    label
    releaseName
    environmentVariables {
      key
      value
      isSecret
    }
  }
}
`,
      variables: JSON.stringify(
        {
          workspaceUuid: workspaceVariable,
          label: 'Upserted deployment',
          environmentVariables: [{ key: 'AIRFLOW__CORE__PARALLELISM', value: '32', isSecret: false }],
        },
        null,
        2,
      ),
      headers: HEADERS,
    });
  }
  return tabs;
}
