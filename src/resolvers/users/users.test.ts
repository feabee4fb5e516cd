import { describe, expect, it } from 'vitest';
import { createHoustonMock } from '../../index.js';
import { gql, login } from '../../../test/support/gql.js';

const SIGN_UP = `mutation ($email: String!, $password: String!, $inviteToken: String) {
  createUser(email: $email, password: $password, inviteToken: $inviteToken) {
    user { id username status emails { address verified primary } }
    token { value payload { uuid iat exp } }
    isAdmin
  }
}`;
const SELF = '{ self { user { id username } isAdmin permissions } }';

function emptyPlatform(houston: Record<string, unknown> = {}) {
  return createHoustonMock({ seed: null, config: { houston } });
}

describe('sign-up (createUser)', () => {
  it('makes the first user on an empty platform SYSTEM_ADMIN and returns a working token', async () => {
    const mock = emptyPlatform();
    const result = await gql(mock, SIGN_UP, { email: 'First@Example.com', password: 'pw' });
    expect(result.errors).toBeUndefined();
    const created = result.data?.createUser;
    expect(created.isAdmin).toBe(true);
    expect(created.user.username).toBe('first@example.com');
    expect(created.user.emails).toEqual([{ address: 'first@example.com', verified: true, primary: true }]);
    expect(created.user.id).toMatch(/^c[0-9a-z]{24}$/);
    const self = await gql(mock, SELF, null, created.token.value);
    expect(self.data?.self.user.id).toBe(created.user.id);
    expect(self.data?.self.permissions['system.iam.update']).toBe(true);
  });

  it('uses the email as username when the sign-up sends an empty username', async () => {
    const mock = emptyPlatform();
    const result = await gql(mock, 'mutation { createUser(email: "first@example.com", password: "pw", username: "") { user { username } } }');
    expect(result.data?.createUser.user.username).toBe('first@example.com');
  });

  it('refuses a second sign-up when public sign-ups are off, with Houston\'s message', async () => {
    const mock = emptyPlatform();
    await gql(mock, SIGN_UP, { email: 'first@example.com', password: 'pw' });
    const second = await gql(mock, SIGN_UP, { email: 'second@example.com', password: 'pw' });
    expect(second.data?.createUser).toBeNull();
    expect(second.errors?.[0]?.message).toBe(
      'Public sign ups are disabled, a valid inviteToken is required to login to the platform. Public sign ups can be enabled via configuration change.',
    );
    expect(Object.keys(mock.store.data.users)).toHaveLength(1);
  });

  it('leaves a public sign-up pending without a token while email confirmation is on', async () => {
    const mock = emptyPlatform({ publicSignups: true });
    await gql(mock, SIGN_UP, { email: 'first@example.com', password: 'pw' });
    const second = await gql(mock, SIGN_UP, { email: 'second@example.com', password: 'pw' });
    expect(second.data?.createUser.user.status).toBe('pending');
    expect(second.data?.createUser.token).toBeNull();
    expect(second.data?.createUser.isAdmin).toBe(false);
  });

  it('activates a public sign-up at once when email confirmation is off', async () => {
    const mock = emptyPlatform({ publicSignups: true, emailConfirmation: false });
    await gql(mock, SIGN_UP, { email: 'first@example.com', password: 'pw' });
    const second = await gql(mock, SIGN_UP, { email: 'second@example.com', password: 'pw' });
    expect(second.data?.createUser.user.status).toBe('active');
    expect(second.data?.createUser.token.value.split('.')).toHaveLength(3);
  });

  it('refuses an email already in use', async () => {
    const mock = emptyPlatform({ publicSignups: true, emailConfirmation: false });
    await gql(mock, SIGN_UP, { email: 'first@example.com', password: 'pw' });
    const again = await gql(mock, SIGN_UP, { email: 'FIRST@example.com', password: 'pw' });
    expect(again.errors?.[0]?.message).toBe('Email address in use');
    expect(again.errors?.[0]?.extensions?.code).toBe('DUPLICATE_EMAIL');
  });
});

describe('log-in (createToken)', () => {
  const LOGIN = 'mutation ($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { user { id } token { value } } }';

  it('accepts the username or the email as identity', async () => {
    const mock = emptyPlatform();
    await gql(mock, SIGN_UP, { email: 'ada@example.com', password: 'secret' });
    const byEmail = await gql(mock, LOGIN, { identity: 'ADA@example.com', password: 'secret' });
    expect(byEmail.data?.createToken.token.value.split('.')).toHaveLength(3);
  });

  it('answers a wrong password with Houston\'s message and changes nothing', async () => {
    const mock = emptyPlatform();
    await gql(mock, SIGN_UP, { email: 'ada@example.com', password: 'secret' });
    const result = await gql(mock, LOGIN, { identity: 'ada@example.com', password: 'wrong' });
    expect(result.status).toBe(200);
    expect(result.data?.createToken).toBeNull();
    expect(result.errors?.[0]?.message).toBe('Invalid password and username combination');
  });

  it('answers an unknown identity with not found', async () => {
    const mock = emptyPlatform();
    const result = await gql(mock, LOGIN, { identity: 'nobody@example.com', password: 'x' });
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('tells a pending user their account awaits email confirmation', async () => {
    const mock = emptyPlatform({ publicSignups: true });
    await gql(mock, SIGN_UP, { email: 'first@example.com', password: 'pw' });
    await gql(mock, SIGN_UP, { email: 'pending@example.com', password: 'pw' });
    const result = await gql(mock, LOGIN, { identity: 'pending@example.com', password: 'pw' });
    expect(result.errors?.[0]?.message).toBe('Your account is awaiting email confirmation');
    expect(result.errors?.[0]?.extensions?.code).toBe('ACCOUNT_NOT_CONFIRMED');
  });
});

describe('user administration', () => {
  async function platformWithPendingUser() {
    const mock = emptyPlatform({ publicSignups: true });
    const admin = await gql(mock, SIGN_UP, { email: 'admin@example.com', password: 'pw' });
    const pending = await gql(mock, SIGN_UP, { email: 'pending@example.com', password: 'pw' });
    return { mock, adminToken: admin.data?.createUser.token.value as string, pendingId: pending.data?.createUser.user.id as string };
  }

  it('lets a system admin confirm a pending user with verifyEmail, after which they can log in', async () => {
    const { mock, adminToken } = await platformWithPendingUser();
    const verified = await gql(mock, 'mutation { verifyEmail(email: "pending@example.com") }', null, adminToken);
    expect(verified.data).toEqual({ verifyEmail: true });
    await expect(login(mock, 'pending@example.com', 'pw')).resolves.toMatch(/\./);
  });

  it('finds users by exact email through users(user:)', async () => {
    const { mock, adminToken, pendingId } = await platformWithPendingUser();
    const found = await gql(mock, '{ users(user: { email: "pending@example.com" }) { id status } }', null, adminToken);
    expect(found.data?.users).toEqual([{ id: pendingId, status: 'pending' }]);
  });

  it('removes a user together with their role bindings', async () => {
    const { mock, adminToken, pendingId } = await platformWithPendingUser();
    const removed = await gql(mock, `mutation { removeUser(userUuid: "${pendingId}") { id } }`, null, adminToken);
    expect(removed.data?.removeUser).toEqual({ id: pendingId });
    const left = await gql(mock, '{ users { emails { address } } }', null, adminToken);
    expect(left.data?.users).toEqual([{ emails: [{ address: 'admin@example.com' }] }]);
    expect(Object.values(mock.store.data.roleBindings).some((b) => b.userId === pendingId)).toBe(false);
  });

  it('refuses to remove the last system admin', async () => {
    const { mock, adminToken } = await platformWithPendingUser();
    const self = await gql(mock, SELF, null, adminToken);
    const result = await gql(mock, `mutation { removeUser(userUuid: "${self.data?.self.user.id}") { id } }`, null, adminToken);
    expect(result.errors?.[0]?.message).toBe(
      'There are no other system administrators. Please assign another before removing yourself.',
    );
  });

  it('denies users() to a plain user with FORBIDDEN', async () => {
    const mock = emptyPlatform({ publicSignups: true, emailConfirmation: false });
    await gql(mock, SIGN_UP, { email: 'admin@example.com', password: 'pw' });
    const plain = await gql(mock, SIGN_UP, { email: 'plain@example.com', password: 'pw' });
    const result = await gql(mock, '{ users { id } }', null, plain.data?.createUser.token.value);
    expect(result.data?.users).toBeNull();
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a user change their own full name with updateSelf', async () => {
    const mock = emptyPlatform();
    const admin = await gql(mock, SIGN_UP, { email: 'admin@example.com', password: 'pw' });
    const token = admin.data?.createUser.token.value;
    await gql(mock, 'mutation { updateSelf(payload: { fullName: "Ada Lovelace" }) { id } }', null, token);
    const read = await gql(mock, '{ self { user { fullName } } }', null, token);
    expect(read.data?.self.user.fullName).toBe('Ada Lovelace');
  });
});

describe('email records', () => {
  it('answers the owning user of each email listed under a user', async () => {
    const mock = emptyPlatform();
    const signedUp = await gql(mock, SIGN_UP, { email: 'first@example.com', password: 'pw' });
    const { id } = signedUp.data?.createUser.user;
    const result = await gql(mock, '{ users { emails { address user { id username } } } }', null, signedUp.data?.createUser.token.value);
    expect(result.data?.users).toEqual([{ emails: [{ address: 'first@example.com', user: { id, username: 'first@example.com' } }] }]);
  });

  it('answers the owning user of an email looked up by address', async () => {
    const mock = emptyPlatform();
    const signedUp = await gql(mock, SIGN_UP, { email: 'first@example.com', password: 'pw' });
    const result = await gql(
      mock,
      '{ email(where: { address: "first@example.com" }) { address user { id } } }',
      null,
      signedUp.data?.createUser.token.value,
    );
    expect(result.data?.email).toEqual({ address: 'first@example.com', user: { id: signedUp.data?.createUser.user.id } });
  });
});

describe('usernames and email addresses name one account', () => {
  const TAKEN_USERNAME = { message: 'Username already in use', code: 'BAD_USER_INPUT' };
  const TAKEN_EMAIL = { message: 'Email address in use', code: 'DUPLICATE_EMAIL' };
  const errorOf = (result: { errors?: { message: string; extensions?: { code?: string } }[] }) =>
    result.errors?.map((e) => ({ message: e.message, code: e.extensions?.code }))[0];

  async function twoUsers() {
    const mock = createHoustonMock({ seed: null, platformVersion: '1.0.0', config: { houston: { publicSignups: true, emailConfirmation: false } } });
    const signUp = async (email: string, username?: string) => {
      const result = await gql(
        mock,
        'mutation ($email: String!, $username: String) { createUser(email: $email, password: "pw", username: $username) { user { id } token { value } } }',
        { email, username: username ?? null },
      );
      return result;
    };
    const admin = (await signUp('admin@example.com')).data?.createUser;
    const mallory = (await signUp('mallory@example.com', 'mallory')).data?.createUser;
    return { mock, signUp, admin, mallory };
  }

  it("refuses updateSelf to another user's username or email address, so their log-in stays theirs", async () => {
    const { mock, admin, mallory } = await twoUsers();
    const rename = (username: string) =>
      gql(mock, 'mutation ($u: String!) { updateSelf(payload: { username: $u }) { username } }', { u: username }, mallory.token.value);
    expect(errorOf(await rename('admin@example.com'))).toEqual(TAKEN_USERNAME);
    expect(errorOf(await rename('ADMIN@example.com'))).toEqual(TAKEN_USERNAME);
    // The victim's password log-in still resolves to the victim.
    const login = await gql(mock, 'mutation { createToken(identity: "admin@example.com", password: "pw") { user { id } } }');
    expect(login.data?.createToken.user.id).toBe(admin.user.id);
    expect(mock.store.data.users[mallory.user.id]?.username).toBe('mallory');
  });

  it('lets updateSelf keep, re-case or free up a username', async () => {
    const { mock, mallory } = await twoUsers();
    const rename = (username: string) =>
      gql(mock, 'mutation ($u: String!) { updateSelf(payload: { username: $u }) { username } }', { u: username }, mallory.token.value);
    expect((await rename('Mallory')).data?.updateSelf.username).toBe('Mallory');
    expect((await rename('mallory@example.com')).data?.updateSelf.username).toBe('mallory@example.com');
    expect((await rename('mal')).data?.updateSelf.username).toBe('mal');
  });

  it("refuses a sign-up whose username is someone's username or address, and one whose address is someone's username", async () => {
    const { signUp } = await twoUsers();
    expect(errorOf(await signUp('eve@example.com', 'MALLORY'))).toEqual(TAKEN_USERNAME);
    expect(errorOf(await signUp('eve@example.com', 'admin@example.com'))).toEqual(TAKEN_USERNAME);
    expect(errorOf(await signUp('admin@example.com'))).toEqual(TAKEN_EMAIL);
    expect(errorOf(await signUp('Mallory'))).toEqual(TAKEN_EMAIL);
    expect((await signUp('eve@example.com', 'eve')).errors).toBeUndefined();
  });

  it("refuses invitations (platform and workspace, bypassInvite too) to an address that is someone's username", async () => {
    const { mock, admin, mallory } = await twoUsers();
    await gql(mock, 'mutation { updateSelf(payload: { username: "bob@example.com" }) { id } }', null, mallory.token.value);
    const token = admin.token.value;
    const invite = await gql(mock, 'mutation { inviteUser(email: "Bob@example.com") { id } }', null, token);
    expect(errorOf(invite)).toEqual(TAKEN_EMAIL);
    const workspace = await gql(mock, 'mutation { createWorkspace(label: "W") { id } }', null, token);
    const id = workspace.data?.createWorkspace.id as string;
    for (const bypassInvite of [false, true]) {
      const added = await gql(
        mock,
        'mutation ($id: Uuid!, $b: Boolean) { workspaceAddUser(workspaceUuid: $id, email: "bob@example.com", role: WORKSPACE_VIEWER, bypassInvite: $b) { id } }',
        { id, b: bypassInvite },
        token,
      );
      expect(errorOf(added)).toEqual(TAKEN_EMAIL);
    }
    expect(Object.keys(mock.store.data.invites)).toEqual([]);
    expect(Object.keys(mock.store.data.users)).toHaveLength(2);
  });
});
