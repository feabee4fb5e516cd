import { createHash } from 'node:crypto';
import { assert, errors } from '../../core/errors.js';
import { hexString } from '../../core/random.js';
import type { EmailRecord, RoleBinding, User, UserStatus } from '../../store/entities.js';
import { derived, groupedView, rowChanged } from '../../store/lookups.js';
import { deleteRow, insertRow, writable, writableRow } from '../../store/rows.js';
import { newId, now, type Store } from '../../store/state.js';

/** Emulator-grade password hashing: salted SHA-256. Enough to never keep a password in clear in state files. */
function hashPassword(password: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${password}`).digest('hex');
}

export function primaryEmail(user: User): string {
  return (user.emails.find((e) => e.primary) ?? user.emails[0])?.address ?? user.username;
}

export function findUserByEmail(store: Store, email: string): User | undefined {
  const wanted = email.trim().toLowerCase();
  return derived(store, usersByIdentity)
    .get(wanted)
    ?.find((u) => u.emails.some((e) => e.address === wanted));
}

/**
 * Users by each of their email addresses and by their username in lower case: how people are found by identity.
 * One map for both (a seeded user's username is their address, so most users have a single key); callers check
 * which of the two matched.
 */
const usersByIdentity = groupedView('usersByIdentity', 'users', (u) => [...u.emails.map((e) => e.address), u.username.toLowerCase()]);

/** Houston's `identity`: a username or an email address. */
export function findUserByIdentity(store: Store, identity: string): User | undefined {
  const wanted = identity.trim().toLowerCase();
  const byUsername = derived(store, usersByIdentity)
    .get(wanted)
    ?.find((u) => u.username.toLowerCase() === wanted);
  return byUsername ?? findUserByEmail(store, wanted);
}

/**
 * Whether `name` already identifies another user: as their username or one of their email addresses, compared
 * without case, as `createToken(identity)` looks them up. Usernames and addresses share one namespace, so that an
 * identity always names one account: a username equal to someone else's address would take over their log-in.
 */
export function identityTaken(store: Store, name: string, exceptUserId?: string): boolean {
  const wanted = name.trim().toLowerCase();
  if (!wanted) return false;
  const candidates = derived(store, usersByIdentity).get(wanted) ?? [];
  return candidates.some(
    (user) => user.id !== exceptUserId && (user.username.toLowerCase() === wanted || user.emails.some((e) => e.address === wanted)),
  );
}

export function getUser(store: Store, userId: string): User | undefined {
  return store.data.users[userId];
}

export function userRoleBindings(store: Store, userId: string): RoleBinding[] {
  return [...(derived(store, roleBindingsByUser).get(userId) ?? [])];
}

/** Every role binding grouped by the user holding it (`User.roleBindings` over a list of users). */
export const roleBindingsByUser = groupedView('roleBindingsByUser', 'roleBindings', (b) => b.userId);

/** Every team grouped by member (`User.teams`). */
export const teamsByUser = groupedView('teamsByUser', 'teams', (t) => t.userIds);

/** An email record with the user it belongs to: the shape GraphQL's `Email` is answered from. */
export type OwnedEmail = EmailRecord & { user: User };

/** A user's email records, each carrying its owner (records are stored inside their user, without a back link). */
export function ownedEmails(user: User): OwnedEmail[] {
  return user.emails.map((email) => ({ ...email, user }));
}

/**
 * The roles a user holds on the platform itself (bindings on no workspace or deployment), `USER` first since every
 * user holds it: what `self` reports as permissions and `isAdmin`. One pass over the bindings.
 */
export function systemRoles(store: Store, userId: string): string[] {
  return ['USER', ...userRoleBindings(store, userId).filter((b) => !b.workspaceId && !b.deploymentId).map((b) => b.role)];
}

export interface InsertUserInput {
  email: string;
  password?: string | null;
  username?: string | null;
  fullName?: string | null;
  status: UserStatus;
  verified: boolean;
}

/** Adds a user row (and its local credentials) without any sign-up rules: used by sign-up, invites and seeding. */
export function insertUser(store: Store, input: InsertUserInput): User {
  const email = input.email.trim().toLowerCase();
  // Taken as an address or as someone's username (the address is the default username, and an identity to log in).
  assert(!identityTaken(store, email), errors.duplicateEmail);
  const username = input.username?.trim();
  if (username && username.toLowerCase() !== email) assert(!identityTaken(store, username), errors.duplicateUsername);
  const at = now(store);
  const salt = hexString(store.data, 16);
  const user: User = {
    id: newId(store),
    username: username || email,
    fullName: input.fullName ?? null,
    status: input.status,
    avatarUrl: null,
    emails: [
      {
        id: newId(store),
        address: email,
        primary: true,
        verified: input.verified,
        token: input.verified ? null : hexString(store.data, 32),
        createdAt: at,
        updatedAt: at,
      },
    ],
    localCredential: input.password ? { passwordHash: hashPassword(input.password, salt), salt, resetToken: null } : null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'users', user);
  return user;
}

export function addSystemRoleBinding(store: Store, userId: string, role: RoleBinding['role']): RoleBinding {
  const at = now(store);
  const binding: RoleBinding = {
    id: newId(store),
    role,
    userId,
    serviceAccountId: null,
    teamId: null,
    workspaceId: null,
    deploymentId: null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'roleBindings', binding);
  return binding;
}

export interface CreateUserInput {
  email: string;
  password?: string | null;
  username?: string | null;
  fullName?: string | null;
  inviteToken?: string | null;
}

/**
 * Houston's sign-up (`createUser`). The first user on the platform is always let in and becomes SYSTEM_ADMIN;
 * later sign-ups need `publicSignups` or a valid invite token. An invited user, or any user when
 * `emailConfirmation` is off, is active at once; others wait for `verifyEmail`.
 */
export function createUser(store: Store, input: CreateUserInput): User {
  assert(input.email, () => errors.missingArgument('email'));
  const first = Object.keys(store.data.users).length === 0;
  const invite = input.inviteToken
    ? Object.values(store.data.invites).find((i) => i.token === input.inviteToken)
    : undefined;
  if (!first && !store.config.publicSignups && !invite) throw errors.publicSignupsDisabled();
  const active = first || Boolean(invite) || !store.config.emailConfirmation;
  const user = insertUser(store, {
    email: input.email,
    password: input.password ?? null,
    username: input.username ?? null,
    fullName: input.fullName ?? null,
    status: active ? 'active' : 'pending',
    verified: active,
  });
  if (first) addSystemRoleBinding(store, user.id, 'SYSTEM_ADMIN');
  for (const pending of Object.values(store.data.invites).filter((i) => i.email === primaryEmail(user))) {
    // Accepting an invite turns it into the role binding it promised.
    if (pending.workspaceId) {
      const at = now(store);
      const binding: RoleBinding = {
        id: newId(store),
        role: pending.role,
        userId: user.id,
        serviceAccountId: null,
        teamId: null,
        workspaceId: pending.workspaceId,
        deploymentId: null,
        createdAt: at,
        updatedAt: at,
      };
      insertRow(store, 'roleBindings', binding);
    }
    deleteRow(store, 'invites', pending.id);
  }
  return user;
}

/** Houston's local login check behind `createToken(identity, password)`; returns the user to issue a token for. */
export function createToken(store: Store, identity: string, password: string): User {
  const user = findUserByIdentity(store, identity);
  assert(user, errors.notFound);
  assert(user.localCredential, errors.noPasswordCredentials);
  if (user.status === 'pending') throw errors.accountNotConfirmed();
  const { passwordHash, salt } = user.localCredential;
  if (user.status !== 'active' || hashPassword(password, salt) !== passwordHash) throw errors.invalidCredentials();
  return user;
}

export interface UserSearch {
  userId?: string | null;
  userUuid?: string | null;
  username?: string | null;
  email?: string | null;
  fullName?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

/** Houston's `users(user: UserSearch)`: every given criterion must match exactly; none given lists everyone. */
export function users(store: Store, search: UserSearch | null | undefined): User[] {
  const s = search ?? {};
  const id = s.userId || s.userUuid;
  const email = s.email?.trim().toLowerCase();
  // The candidates, narrowed through an index where the search names an id, an email or a username.
  const byIdentity = () => derived(store, usersByIdentity);
  const candidates = id
    ? [store.data.users[id]].filter((u): u is User => u !== undefined)
    : email
      ? (byIdentity().get(email) ?? [])
      : s.username
        ? (byIdentity().get(s.username.toLowerCase()) ?? [])
        : Object.values(store.data.users);
  return candidates.filter(
    (u) =>
      (!id || u.id === id) &&
      (!s.username || u.username === s.username) &&
      (!email || u.emails.some((e) => e.address === email)) &&
      (!s.fullName || u.fullName === s.fullName) &&
      (!s.createdAt || u.createdAt === s.createdAt) &&
      (!s.updatedAt || u.updatedAt === s.updatedAt),
  );
}

/**
 * Houston's `removeUser`: the user leaves the platform with every role binding and team membership they had.
 * The last system administrator cannot be removed.
 */
export function removeUser(store: Store, userId: string): User {
  const user = store.data.users[userId];
  assert(user, errors.notFound);
  const admins = Object.values(store.data.roleBindings).filter((b) => b.role === 'SYSTEM_ADMIN' && b.userId !== null);
  if (admins.some((b) => b.userId === userId) && admins.every((b) => b.userId === userId)) throw errors.lastSystemAdmin();
  const bindings = userRoleBindings(store, userId);
  for (const binding of bindings) deleteRow(store, 'roleBindings', binding.id);
  for (const found of derived(store, teamsByUser).get(userId) ?? []) {
    const team = writableRow(store, 'teams', found);
    team.userIds = team.userIds.filter((member) => member !== userId);
    rowChanged(store, 'teams', team.id);
  }
  deleteRow(store, 'users', userId);
  return user;
}

function activate(store: Store, found: User): User {
  const at = now(store);
  const user = writableRow(store, 'users', found);
  user.status = 'active';
  user.updatedAt = at;
  for (const email of user.emails) {
    email.verified = true;
    email.token = null;
    email.updatedAt = at;
  }
  return user;
}

/** Houston's `email(where)`: one email record by id, address or confirmation token, with its user. */
export function email(
  store: Store,
  where: { id?: string | null; address?: string | null; token?: string | null },
): OwnedEmail | null {
  const address = where.address?.trim().toLowerCase();
  for (const user of Object.values(store.data.users)) {
    const found = user.emails.find(
      (e) => (where.id && e.id === where.id) || (address && e.address === address) || (where.token && e.token === where.token),
    );
    if (found) return { ...found, user };
  }
  return null;
}

/** Houston's `verifyEmail` (an administrator confirms a pending user's address). */
export function verifyEmail(store: Store, email: string): boolean {
  const user = findUserByEmail(store, email);
  assert(user, errors.notFound);
  activate(store, user);
  return true;
}

/** Houston's `confirmEmail`: the user follows the token from their confirmation email. */
export function confirmEmail(store: Store, token: string): User {
  const user = Object.values(store.data.users).find((u) => u.emails.some((e) => e.token !== null && e.token === token));
  assert(user, errors.notFound);
  return activate(store, user);
}

/** Houston's `updateSelf`: the caller edits their own profile (full name, username, avatar). */
export function updateSelf(store: Store, userId: string, payload: Record<string, unknown>): User {
  const user = writable(store, 'users', userId);
  assert(user, errors.notFound);
  if (typeof payload.fullName === 'string') user.fullName = payload.fullName;
  if (typeof payload.username === 'string' && payload.username.trim()) {
    const username = payload.username.trim();
    assert(!identityTaken(store, username, user.id), errors.duplicateUsername);
    user.username = username;
  }
  if (typeof payload.avatarUrl === 'string') user.avatarUrl = payload.avatarUrl;
  user.updatedAt = now(store);
  rowChanged(store, 'users', user.id);
  return user;
}

/**
 * Houston's `forgotPassword`: records a reset token (Houston would email it; the emulator sends no mail, so the
 * token is only visible in the platform data, e.g. through the control API). Always answers true, so the answer
 * does not reveal whether the address is registered.
 */
export function forgotPassword(store: Store, email: string): boolean {
  const found = findUserByEmail(store, email);
  const user = found?.localCredential ? writable(store, 'users', found.id) : undefined;
  if (user?.localCredential) user.localCredential.resetToken = hexString(store.data, 32);
  return true;
}

/**
 * Gives a user with local credentials a new password. Not a Houston operation: `houston-mock verify` uses it so that
 * a cassette's login, whose password was redacted, logs in (the redaction label becomes the password).
 */
export function setLocalPassword(store: Store, found: User, password: string): void {
  if (!found.localCredential) return;
  const user = writableRow(store, 'users', found);
  const salt = hexString(store.data, 16);
  user.localCredential = { passwordHash: hashPassword(password, salt), salt, resetToken: null };
}

/** Houston's `resetPassword`: a valid reset token sets a new password. */
export function resetPassword(store: Store, token: string, password: string): User {
  const found = Object.values(store.data.users).find((u) => u.localCredential?.resetToken === token);
  assert(found?.localCredential, errors.notFound);
  const user = writableRow(store, 'users', found);
  const salt = hexString(store.data, 16);
  user.localCredential = { passwordHash: hashPassword(password, salt), salt, resetToken: null };
  user.updatedAt = now(store);
  return user;
}
