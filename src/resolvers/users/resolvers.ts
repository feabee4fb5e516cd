import { rolePermissions } from '../../auth/permissions.js';
import type { User } from '../../store/entities.js';
import type { HoustonContext, Resolvers } from '../context.js';
import * as store from './store.js';

/** Houston's AuthUser: the user, a fresh token, the system permissions they hold, and whether they are admin. */
async function authUser(ctx: HoustonContext, user: User, durationMs?: number | null) {
  const token = await ctx.tokens.sign(
    user.id,
    ctx.store.clock.now(),
    durationMs && durationMs > 0 ? durationMs : ctx.store.config.jwt.authDuration,
  );
  return { user, token, ...systemAccess(ctx, user.id) };
}

/** `permissions` (the system permissions the user's platform roles carry) and `isAdmin` of an AuthUser. */
function systemAccess(ctx: HoustonContext, userId: string): { permissions: Record<string, boolean>; isAdmin: boolean } {
  const roles = store.systemRoles(ctx.store, userId);
  const permissions: Record<string, boolean> = {};
  for (const role of roles) for (const p of rolePermissions(ctx.store.config.roles, role)) if (p.startsWith('system.')) permissions[p] = true;
  return { permissions, isAdmin: roles.includes('SYSTEM_ADMIN') };
}

function currentUserId(ctx: HoustonContext): string {
  ctx.authorize([]);
  if (ctx.caller.kind !== 'user') throw new Error('unreachable: authorize([]) admits only users and service accounts');
  return ctx.caller.userId;
}

export const resolvers: Resolvers = {
  Query: {
    self: (_p, _a, ctx) => {
      ctx.authorize([]);
      const caller = ctx.caller;
      if (caller.kind !== 'user') {
        // A service account has no user behind it: Houston answers an AuthUser without user or token.
        return { user: null, token: null, permissions: {}, isAdmin: false };
      }
      const user = store.getUser(ctx.store, caller.userId);
      return {
        user,
        token: caller.token,
        ...systemAccess(ctx, caller.userId),
      };
    },
    users: (_p, args: { user?: store.UserSearch | null }, ctx) => {
      ctx.authorize(['system.users.get']);
      return store.users(ctx.store, args.user);
    },
    email: (_p, args: { where: { id?: string | null; address?: string | null; token?: string | null } }, ctx) => {
      ctx.authorize(['system.users.get']);
      return store.email(ctx.store, args.where);
    },
    // The emulator knows of no newer platform release: it answers "up to date", as an offline Houston would.
    updateAvailable: (_p, _a, ctx) => {
      ctx.authorize(['system.updates.get']);
      return null;
    },
  },
  Mutation: {
    createUser: async (
      _p,
      args: { email: string; password?: string | null; username?: string | null; inviteToken?: string | null; duration?: number | null },
      ctx,
    ) => {
      const user = store.createUser(ctx.store, args);
      // A pending user (email confirmation on) gets no token until confirmed, as on Houston.
      if (user.status !== 'active') return { user, token: null, permissions: {}, isAdmin: false };
      return authUser(ctx, user, args.duration);
    },
    createToken: async (_p, args: { identity?: string | null; password: string; duration?: number | null }, ctx) => {
      const user = store.createToken(ctx.store, args.identity ?? '', args.password);
      return authUser(ctx, user, args.duration);
    },
    confirmEmail: async (_p, args: { token: string; duration?: number | null }, ctx) =>
      authUser(ctx, store.confirmEmail(ctx.store, args.token), args.duration),
    forgotPassword: (_p, args: { email: string }, ctx) => store.forgotPassword(ctx.store, args.email),
    resendConfirmation: (_p, args: { email: string }, ctx) => Boolean(store.findUserByEmail(ctx.store, args.email)),
    resetPassword: async (_p, args: { token: string; password: string; duration?: number | null }, ctx) =>
      authUser(ctx, store.resetPassword(ctx.store, args.token, args.password), args.duration),
    updateSelf: (_p, args: { payload: Record<string, unknown> }, ctx) =>
      store.updateSelf(ctx.store, currentUserId(ctx), args.payload ?? {}),
    removeUser: (_p, args: { userUuid?: string; id?: string }, ctx) => {
      ctx.authorize(['system.user.delete']);
      return store.removeUser(ctx.store, args.userUuid ?? args.id ?? '');
    },
    verifyEmail: (_p, args: { email: string }, ctx) => {
      ctx.authorize(['system.user.verifyEmail']);
      return store.verifyEmail(ctx.store, args.email);
    },
  },
  User: {
    emails: (user: User) => store.ownedEmails(user),
    roleBindings: (user: User, _a, ctx) => ctx.lookup(store.roleBindingsByUser).get(user.id) ?? [],
    teams: (user: User, _a, ctx) => ctx.lookup(store.teamsByUser).get(user.id) ?? [],
    profile: (user: User) => (user.avatarUrl ? [{ key: 'avatarUrl', value: user.avatarUrl }] : []),
    status: (user: User) => user.status,
  },
  AuthUser: {
    authUserCapabilities: (authUser: { isAdmin: boolean }) => ({ canSysAdmin: authUser.isAdmin }),
  },
  Email: {
    // The confirmation token is a secret: never returned.
    token: () => null,
    user: (email: store.OwnedEmail) => email.user,
  },
  TokenPayload: {
    // The Astro CLI decodes `payload.id`; Houston's 2021 schema names it `uuid`. Both carry the user id.
    id: (payload: { uuid: string }) => payload.uuid,
  },
};
