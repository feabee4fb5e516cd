import { hasPermission } from '../../auth/permissions.js';
import type { Invite, Workspace } from '../../store/entities.js';
import type { UserSearch } from '../users/store.js';
import type { HoustonContext, Resolvers } from '../context.js';
import * as store from './store.js';

/** Permissions of the workspace membership mutations (Houston: `workspace.iam.update`, or `system.iam.update`). */
const IAM = ['workspace.iam.update', 'system.iam.update'] as const;
const READ_USERS = ['workspace.users.get', 'system.users.get'] as const;

/**
 * Who may withdraw an invitation: Houston's 0.16 field required only a token; we ask for the permission that can
 * create the invitation (workspace IAM for a workspace invitation, `system.user.invite` for a platform one).
 */
function authorizeInvite(ctx: HoustonContext, workspaceId: string | null | undefined): void {
  if (workspaceId) ctx.authorize(IAM, { workspaceId });
  else ctx.authorize(['system.user.invite']);
}

export const resolvers: Resolvers = {
  Query: {
    workspaces: (_p, args: { label?: string | null }, ctx) => {
      ctx.authorize([]);
      return store.workspaces(ctx.store, ctx.caller, args.label);
    },
    sysWorkspaces: (_p, _a, ctx) => {
      ctx.authorize(['system.workspace.get']);
      return store.sysWorkspaces(ctx.store);
    },
    paginatedWorkspaces: (_p, args: store.PageArgs, ctx) => {
      ctx.authorize([]);
      return store.paginatedWorkspaces(ctx.store, ctx.caller, args);
    },
    workspace: (_p, args: { workspaceUuid: string }, ctx) => {
      ctx.authorize(['workspace.config.get', 'system.workspace.get'], { workspaceId: args.workspaceUuid });
      // An unknown id answers null: the Astro CLI turns that into "no workspaces with id (…) found".
      return store.getWorkspace(ctx.store, args.workspaceUuid) ?? null;
    },
    workspaceUsers: (_p, args: { workspaceUuid: string; user?: UserSearch | null }, ctx) => {
      ctx.authorize(READ_USERS, { workspaceId: args.workspaceUuid });
      return store.workspaceUsers(ctx.store, args.workspaceUuid, args.user);
    },
    workspaceUser: (_p, args: { workspaceUuid: string; user: UserSearch }, ctx) => {
      ctx.authorize(READ_USERS, { workspaceId: args.workspaceUuid });
      return store.workspaceUser(ctx.store, args.workspaceUuid, args.user);
    },
    paginatedWorkspaceUsers: (_p, args: { workspaceUuid: string } & store.PageArgs, ctx) => {
      ctx.authorize(READ_USERS, { workspaceId: args.workspaceUuid });
      return store.paginatedWorkspaceUsers(ctx.store, args.workspaceUuid, args);
    },
    invites: (_p, args: { invite?: store.InviteSearch | null }, ctx) => {
      ctx.authorize(['system.invites.get']);
      return store.invites(ctx.store, args.invite);
    },
    workspaceInvites: (_p, args: { workspaceUuid: string; invite?: store.InviteSearch | null }, ctx) => {
      ctx.authorize(['workspace.invites.get', 'system.invites.get'], { workspaceId: args.workspaceUuid });
      return store.workspaceInvites(ctx.store, args.workspaceUuid, args.invite);
    },
  },
  Mutation: {
    createWorkspace: (_p, args: store.CreateWorkspaceArgs, ctx) => {
      ctx.authorize(['system.workspace.create']);
      return store.createWorkspace(ctx.store, ctx.caller, args);
    },
    updateWorkspace: (_p, args: { workspaceUuid: string; payload: Record<string, unknown> | null }, ctx) => {
      ctx.authorize(['workspace.config.update', 'system.workspace.update'], { workspaceId: args.workspaceUuid });
      return store.updateWorkspace(ctx.store, args.workspaceUuid, args.payload ?? {});
    },
    deleteWorkspace: (_p, args: { workspaceUuid: string }, ctx) => {
      ctx.authorize(['workspace.config.delete', 'system.workspace.delete'], { workspaceId: args.workspaceUuid });
      return store.deleteWorkspace(ctx.store, args.workspaceUuid);
    },
    workspaceAddUser: (
      _p,
      args: {
        workspaceUuid?: string | null;
        email: string;
        role: string;
        deploymentRoles?: (store.DeploymentRoleArg | null)[] | null;
        bypassInvite?: boolean | null;
      },
      ctx,
    ) => {
      ctx.authorize(IAM, { workspaceId: args.workspaceUuid });
      return store.workspaceAddUser(ctx.store, { ...args, workspaceId: args.workspaceUuid });
    },
    workspaceRemoveUser: (_p, args: { workspaceUuid: string; userUuid: string }, ctx) => {
      ctx.authorize(IAM, { workspaceId: args.workspaceUuid });
      return store.workspaceRemoveUser(ctx.store, { workspaceId: args.workspaceUuid, userId: args.userUuid });
    },
    workspaceUpsertUserRole: (_p, args: { workspaceUuid: string; email: string; role: string }, ctx) => {
      ctx.authorize(IAM, { workspaceId: args.workspaceUuid });
      return store.workspaceUpsertUserRole(ctx.store, { ...args, workspaceId: args.workspaceUuid });
    },
    workspaceUpdateUserRole: (_p, args: { workspaceUuid: string; email: string; role: string }, ctx) => {
      ctx.authorize(IAM, { workspaceId: args.workspaceUuid });
      return store.workspaceUpdateUserRole(ctx.store, { ...args, workspaceId: args.workspaceUuid });
    },
    inviteUser: (_p, args: { email: string }, ctx) => {
      ctx.authorize(['system.user.invite']);
      return store.inviteUser(ctx.store, args.email);
    },
    deleteInviteToken: (_p, args: { inviteUuid?: string | null; workspaceUuid?: string | null }, ctx) => {
      const invite = store.getInvite(ctx.store, args.inviteUuid);
      authorizeInvite(ctx, invite ? invite.workspaceId : args.workspaceUuid);
      return store.deleteInviteToken(ctx.store, args.inviteUuid);
    },
  },
  Workspace: {
    users: (workspace: Workspace, _a, ctx) => ctx.lookup(store.usersByWorkspace).get(workspace.id) ?? [],
    roleBindings: (workspace: Workspace, _a, ctx) => ctx.lookup(store.roleBindingsByWorkspace).get(workspace.id) ?? [],
    deployments: (workspace: Workspace, _a, ctx) => ctx.lookup(store.liveDeploymentsByWorkspace).get(workspace.id) ?? [],
    deploymentCount: (workspace: Workspace, _a, ctx) => ctx.lookup(store.liveDeploymentsByWorkspace).get(workspace.id)?.length ?? 0,
    // Invitations carry their tokens: only callers who may list them (workspace admins, system) see any.
    invites: (workspace: Workspace, _a, ctx) =>
      hasPermission(ctx.store, ctx.caller, 'workspace.invites.get', { workspaceId: workspace.id }) ||
      hasPermission(ctx.store, ctx.caller, 'system.invites.get')
        ? store.workspaceInvites(ctx.store, workspace.id)
        : [],
    serviceAccounts: (workspace: Workspace, _a, ctx) => ctx.lookup(store.serviceAccountsByWorkspace).get(workspace.id) ?? [],
    workspaceCapabilities: (workspace: Workspace, _a, ctx) =>
      store.workspaceCapabilities(ctx.store, ctx.caller, workspace.id),
    // Houston's workspace mutations set only a label and a description: a Software workspace has no properties.
    properties: () => null,
  },
  Invite: {
    // Houston's older clients read the id as `uuid`.
    uuid: (invite: Invite) => invite.id,
    // A leftover column that Houston's invitations never fill: the workspace and role have their own fields.
    assignments: () => null,
  },
};
