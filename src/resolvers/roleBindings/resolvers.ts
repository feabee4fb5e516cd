import type { RoleBinding } from '../../store/entities.js';
import type { UserSearch } from '../users/store.js';
import type { Resolvers } from '../context.js';
import * as store from './store.js';

/**
 * Permissions of the deployment user-role mutations. Houston names `deployment.userRoles.update` (Deployment Admin,
 * and Workspace Admin through the workspace role); `system.iam.update` is the system alternative, as for the
 * workspace membership mutations.
 */
const DEPLOYMENT_IAM = ['deployment.userRoles.update', 'system.iam.update'] as const;

interface DeploymentUserRoleArgs {
  deploymentId: string;
  email?: string | null;
  userId?: string | null;
  role?: string | null;
}

export const resolvers: Resolvers = {
  Query: {
    deploymentUsers: (_p, args: { deploymentId: string; user?: UserSearch | null }, ctx) => {
      ctx.authorize(['deployment.users.get', 'system.users.get'], { deploymentId: args.deploymentId });
      return store.deploymentUsers(ctx.store, args);
    },
  },
  Mutation: {
    createSystemRoleBinding: (_p, args: { userId: string; role: string }, ctx) => {
      ctx.authorize(['system.iam.update']);
      return store.createSystemRoleBinding(ctx.store, args);
    },
    deleteSystemRoleBinding: (_p, args: { userId: string; role: string }, ctx) => {
      ctx.authorize(['system.iam.update']);
      return store.deleteSystemRoleBinding(ctx.store, args);
    },
    deploymentAddUserRole: (_p, args: DeploymentUserRoleArgs, ctx) => {
      ctx.authorize(DEPLOYMENT_IAM, { deploymentId: args.deploymentId });
      return store.deploymentAddUserRole(ctx.store, args);
    },
    deploymentUpdateUserRole: (_p, args: DeploymentUserRoleArgs, ctx) => {
      ctx.authorize(DEPLOYMENT_IAM, { deploymentId: args.deploymentId });
      return store.deploymentUpdateUserRole(ctx.store, args);
    },
    deploymentRemoveUserRole: (_p, args: DeploymentUserRoleArgs, ctx) => {
      ctx.authorize(DEPLOYMENT_IAM, { deploymentId: args.deploymentId });
      return store.deploymentRemoveUserRole(ctx.store, args);
    },
  },
  // A binding names its subject and scope by id; one whose record is gone (or a soft-deleted deployment) reads null.
  RoleBinding: {
    user: (b: RoleBinding, _a, ctx) => (b.userId ? (ctx.store.data.users[b.userId] ?? null) : null),
    serviceAccount: (b: RoleBinding, _a, ctx) =>
      b.serviceAccountId ? (ctx.store.data.serviceAccounts[b.serviceAccountId] ?? null) : null,
    team: (b: RoleBinding, _a, ctx) => (b.teamId ? (ctx.store.data.teams[b.teamId] ?? null) : null),
    workspace: (b: RoleBinding, _a, ctx) => (b.workspaceId ? (ctx.store.data.workspaces[b.workspaceId] ?? null) : null),
    deployment: (b: RoleBinding, _a, ctx) => store.liveDeployment(ctx.store, b.deploymentId) ?? null,
  },
};
