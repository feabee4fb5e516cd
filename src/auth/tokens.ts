import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

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
  verify(token: string, atMs: number): Promise<{ ok: true; payload: TokenPayload } | { ok: false; reason: 'expired' | 'invalid' }>;
}

export function createTokenSigner(secret: string): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(userId, issuedAtMs, durationMs) {
      const iat = Math.floor(issuedAtMs / 1000);
      const exp = Math.floor((issuedAtMs + durationMs) / 1000);
      const value = await new SignJWT({ uuid: userId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { value, payload: { uuid: userId, iat, exp } };
    },
    async verify(token, atMs) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: new Date(atMs) });
        if (typeof payload.uuid !== 'string' || typeof payload.iat !== 'number' || typeof payload.exp !== 'number') {
          return { ok: false, reason: 'invalid' };
        }
        return { ok: true, payload: { uuid: payload.uuid, iat: payload.iat, exp: payload.exp } };
      } catch (error) {
        return { ok: false, reason: error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
