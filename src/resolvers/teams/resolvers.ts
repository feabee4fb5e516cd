import type { Team } from '../../store/entities.js';
import type { Resolvers } from '../context.js';
import * as store from './store.js';

/**
 * A team as a resolver hands it on. When the team is read in the context of one workspace or deployment, its
 * `roleBindings` show only the grants there, so a workspace admin does not see what the team holds elsewhere.
 */
type TeamView = Team & { bindingScope?: { workspaceId: string } | { deploymentId: string } };

function inWorkspace(team: Team, workspaceId: string): TeamView {
  return { ...team, bindingScope: { workspaceId } };
}

function inDeployment(team: Team, deploymentId: string): TeamView {
  return { ...team, bindingScope: { deploymentId } };
}

const READ_TEAMS_SYSTEM = ['system.teams.get'];
const READ_TEAMS_WORKSPACE = ['workspace.teams.get', 'system.teams.get'];
const READ_TEAMS_DEPLOYMENT = ['deployment.teams.get', 'system.teams.get'];
const GRANT_WORKSPACE = ['workspace.iam.update', 'system.iam.update'];
const GRANT_DEPLOYMENT = ['deployment.teamRoles.update', 'system.iam.update'];
const GRANT_SYSTEM = ['system.iam.update'];

type Ids = readonly string[] | null;

export const resolvers: Resolvers = {
  Query: {
    team: (_p, args: { teamUuid: string; workspaceUuid?: string | null }, ctx) => {
      if (args.workspaceUuid) {
        ctx.authorize(READ_TEAMS_WORKSPACE, { workspaceId: args.workspaceUuid });
        return inWorkspace(store.team(ctx.store, args.teamUuid), args.workspaceUuid);
      }
      ctx.authorize(READ_TEAMS_SYSTEM);
      return store.team(ctx.store, args.teamUuid);
    },
    teamUsers: (_p, args: { teamUuid: string }, ctx) => {
      ctx.authorize(READ_TEAMS_SYSTEM);
      return store.teamUsers(ctx.store, args.teamUuid);
    },
    paginatedTeams: (_p, args: store.TeamPageInput, ctx) => {
      if (args.workspaceUuid) {
        ctx.authorize(READ_TEAMS_WORKSPACE, { workspaceId: args.workspaceUuid });
        const page = store.paginatedTeams(ctx.store, args);
        const workspaceId = args.workspaceUuid;
        return { count: page.count, teams: page.teams.map((t) => inWorkspace(t, workspaceId)) };
      }
      ctx.authorize(READ_TEAMS_SYSTEM);
      return store.paginatedTeams(ctx.store, args);
    },
    workspaceTeams: (_p, args: { workspaceUuid: string }, ctx) => {
      ctx.authorize(READ_TEAMS_WORKSPACE, { workspaceId: args.workspaceUuid });
      return store.workspaceTeams(ctx.store, args.workspaceUuid).map((t) => inWorkspace(t, args.workspaceUuid));
    },
    deploymentTeams: (_p, args: { deploymentUuid: string }, ctx) => {
      ctx.authorize(READ_TEAMS_DEPLOYMENT, { deploymentId: args.deploymentUuid });
      return store.deploymentTeams(ctx.store, args.deploymentUuid).map((t) => inDeployment(t, args.deploymentUuid));
    },
  },
  Mutation: {
    createTeam: (
      _p,
      args: { name: string; description?: string | null; provider?: string | null; userIds?: Ids },
      ctx,
    ) => {
      ctx.authorize(['system.teams.create']);
      return store.createTeam(ctx.store, args);
    },
    updateTeam: (_p, args: store.UpdateTeamInput, ctx) => {
      ctx.authorize(['system.teams.update']);
      return store.updateTeam(ctx.store, args);
    },
    removeTeam: (_p, args: { teamUuid?: string | null; name?: string | null; provider?: string | null }, ctx) => {
      ctx.authorize(['system.teams.remove']);
      return store.removeTeam(ctx.store, { id: args.teamUuid, name: args.name, provider: args.provider });
    },
    workspaceAddTeam: (
      _p,
      args: {
        workspaceUuid: string;
        teamUuid: string;
        role?: string | null;
        deploymentRoles?: readonly (store.DeploymentRoleInput | null)[] | null;
      },
      ctx,
    ) => {
      ctx.authorize(GRANT_WORKSPACE, { workspaceId: args.workspaceUuid });
      return store.workspaceAddTeam(ctx.store, args);
    },
    workspaceUpdateTeamRole: (_p, args: { workspaceUuid: string; teamUuid: string; role: string }, ctx) => {
      ctx.authorize(GRANT_WORKSPACE, { workspaceId: args.workspaceUuid });
      return store.workspaceUpdateTeamRole(ctx.store, args);
    },
    workspaceRemoveTeam: (_p, args: { workspaceUuid: string; teamUuid: string }, ctx) => {
      ctx.authorize(GRANT_WORKSPACE, { workspaceId: args.workspaceUuid });
      return store.workspaceRemoveTeam(ctx.store, args);
    },
    deploymentAddTeamRole: (_p, args: { teamUuid: string; deploymentUuid: string; role: string }, ctx) => {
      ctx.authorize(GRANT_DEPLOYMENT, { deploymentId: args.deploymentUuid });
      return store.deploymentAddTeamRole(ctx.store, args);
    },
    deploymentUpdateTeamRole: (_p, args: { teamUuid: string; deploymentUuid: string; role: string }, ctx) => {
      ctx.authorize(GRANT_DEPLOYMENT, { deploymentId: args.deploymentUuid });
      return store.deploymentUpdateTeamRole(ctx.store, args);
    },
    deploymentRemoveTeamRole: (_p, args: { teamUuid: string; deploymentUuid: string }, ctx) => {
      ctx.authorize(GRANT_DEPLOYMENT, { deploymentId: args.deploymentUuid });
      return store.deploymentRemoveTeamRole(ctx.store, args);
    },
    createTeamSystemRoleBinding: (_p, args: { teamUuid: string; role: string }, ctx) => {
      ctx.authorize(GRANT_SYSTEM);
      return store.createTeamSystemRoleBinding(ctx.store, args);
    },
    deleteTeamSystemRoleBinding: (_p, args: { teamUuid: string; role: string }, ctx) => {
      ctx.authorize(GRANT_SYSTEM);
      return store.deleteTeamSystemRoleBinding(ctx.store, args);
    },
  },
  Team: {
    sortId: (team: Team) => team.sortId,
    users: (team: Team, _a, ctx) => store.teamMembers(ctx.store, team),
    roleBindings: (team: TeamView, _a, ctx) => {
      const scope = team.bindingScope;
      if (!scope) return store.teamRoleBindings(ctx.store, team.id);
      if ('workspaceId' in scope) return store.teamWorkspaceRoleBindings(ctx.store, team.id, scope.workspaceId);
      return store.teamDeploymentRoleBindings(ctx.store, team.id, scope.deploymentId);
    },
  },
};
