/** jose, loaded with the first token signed or checked: a start, and requests without a token, never need it. */
let jose: Promise<typeof import('jose')> | undefined;
const loadJose = () => (jose ??= import('jose'));

/**
 * Houston's two kinds of credential. A user token is a JWT that Houston signs and that expires after
 * `jwt.authDuration`; a service account's API key is a 32-character string with no `.`. Houston tells them
 * apart by exactly that shape, and so do we.
 */
export type Credential = { kind: 'jwt'; token: string } | { kind: 'apiKey'; key: string } | { kind: 'none' };

/** Reads the `authorization` header (raw token, as Houston expects, or with a `Bearer ` prefix, which it strips). */
export function parseCredential(header: string | null | undefined): Credential {
  const raw = (header ?? '').trim().replace(/^bearer\s+/i, '').trim();
  if (!raw) return { kind: 'none' };
  if (raw.length === 32 && !raw.includes('.')) return { kind: 'apiKey', key: raw };
  return { kind: 'jwt', token: raw };
}

export interface TokenPayload {
  uuid: string;
  iat: number;
  exp: number;
}

export interface TokenSigner {
  sign(userId: string, issuedAtMs: number, durationMs: number): Promise<{ value: string; payload: TokenPayload }>;
  /** The payload of a valid token, or the reason it is not valid. */
  verify(token: string, atMs: number): Promise<TokenCheck>;
  /**
   * What `verify` would answer, without waiting, for a token whose signature was already checked; undefined for any
   * other token (then call `verify`). Serving a request then needs no promise for its caller.
   */
  verifyKnown(token: string, atMs: number): TokenCheck | undefined;
}

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; reason: 'expired' | 'invalid' };

/** How many verified tokens a signer remembers (a test suite uses a handful; a long-running server, more). */
const VERIFIED_CACHE_SIZE = 1000;

export function createTokenSigner(secret: string): TokenSigner {
  const key = new TextEncoder().encode(secret);
  /**
   * Tokens whose signature and claims checked out. Checking an HS256 signature through WebCrypto costs more than
   * serving most queries, and a token's signature never changes: only its expiry is checked again, on every request,
   * against the platform clock (as jose does: expired once `exp` ≤ now, in whole seconds).
   */
  const verified = new Map<string, TokenPayload>();
  const verifyKnown = (token: string, atMs: number): TokenCheck | undefined => {
    const known = verified.get(token);
    if (!known) return undefined;
    return known.exp <= Math.floor(atMs / 1000) ? { ok: false, reason: 'expired' } : { ok: true, payload: known };
  };
  return {
    async sign(userId, issuedAtMs, durationMs) {
      const iat = Math.floor(issuedAtMs / 1000);
      const exp = Math.floor((issuedAtMs + durationMs) / 1000);
      const { SignJWT } = await loadJose();
      const value = await new SignJWT({ uuid: userId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { value, payload: { uuid: userId, iat, exp } };
    },
    verifyKnown,
    async verify(token, atMs) {
      const known = verifyKnown(token, atMs);
      if (known) return known;
      try {
        const { jwtVerify } = await loadJose();
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(atMs) });
        if (typeof payload.uuid !== 'string' || typeof payload.iat !== 'number' || typeof payload.exp !== 'number') {
          return { ok: false, reason: 'invalid' };
        }
        const checked: TokenPayload = { uuid: payload.uuid, iat: payload.iat, exp: payload.exp };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
        verified.set(token, checked);
        return { ok: true, payload: checked };
      } catch (error) {
        return { ok: false, reason: error instanceof (await loadJose()).errors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
