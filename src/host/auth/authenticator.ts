import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { ConfigError, UnauthorizedError } from '../../kit/errors/index.ts';
import type { ServiceConfig } from '../../kit/config/index.ts';
import { AUTH_OFF_PRINCIPAL, type Principal } from './principal.ts';

/** The credential headers of a request. */
export interface Credentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

interface StoredKey {
  digest: Buffer;
  principal: Principal;
}

/** Verifies JWT bearer tokens (HS256, RS256) and API keys against the service's configuration. */
export class Authenticator {
  readonly #mode: 'on' | 'off';
  readonly #hmacKey: Uint8Array | undefined;
  readonly #rsaKey: CryptoKey | undefined;
  readonly #apiKeys: StoredKey[];

  /** Builds an authenticator; a public key that does not parse is a ConfigError. */
  static async create(auth: ServiceConfig['auth']): Promise<Authenticator> {
    let rsaKey: CryptoKey | undefined;
    if (auth.jwtPublicKey) {
      try {
        rsaKey = await importSPKI(auth.jwtPublicKey, 'RS256');
      } catch (error) {
        throw new ConfigError([
          {
            field: 'BUTTERFLY_JWT_PUBLIC_KEY',
            message: `not an RS256 SPKI public key: ${(error as Error).message}`,
          },
        ]);
      }
    }
    return new Authenticator(auth, rsaKey);
  }

  private constructor(auth: ServiceConfig['auth'], rsaKey: CryptoKey | undefined) {
    this.#mode = auth.mode;
    this.#hmacKey = auth.jwtSecret ? new TextEncoder().encode(auth.jwtSecret) : undefined;
    this.#rsaKey = rsaKey;
    // Keys are compared as SHA-256 digests in constant time, so lookups leak nothing about them.
    this.#apiKeys = auth.apiKeys.map((entry) => ({
      digest: digest(entry.key),
      principal: {
        subject: entry.name ?? 'api-key',
        ...(entry.tenant ? { tenant: entry.tenant } : {}),
        roles: entry.roles,
        via: 'api-key',
      },
    }));
  }

  /** True when credentials are checked at all. */
  get enabled(): boolean {
    return this.#mode === 'on';
  }

  /** The caller behind the credentials; throws UnauthorizedError when they are missing or invalid. */
  async authenticate(credentials: Credentials): Promise<Principal> {
    if (this.#mode === 'off') return AUTH_OFF_PRINCIPAL;
    // Peer calls forward the Authorization header first: a second, unchecked credential would
    // ride along to the peer (and be refused there as a 503), so exactly one is accepted.
    if (credentials.apiKey && credentials.authorization)
      throw new UnauthorizedError('send one credential: Authorization: Bearer <JWT> or X-API-Key, not both');
    if (credentials.apiKey) return this.#byApiKey(credentials.apiKey);
    const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
    if (bearer) return this.#byToken(bearer);
    throw new UnauthorizedError('missing credentials: send Authorization: Bearer <JWT> or X-API-Key');
  }

  #byApiKey(presented: string): Principal {
    const candidate = digest(presented);
    const match = this.#apiKeys.find((stored) => timingSafeEqual(stored.digest, candidate));
    if (!match) throw new UnauthorizedError('invalid API key');
    return match.principal;
  }

  async #byToken(token: string): Promise<Principal> {
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthorizedError('malformed bearer token');
    }
    const key = algorithm === 'HS256' ? this.#hmacKey : algorithm === 'RS256' ? this.#rsaKey : undefined;
    if (!key || !algorithm)
      throw new UnauthorizedError(`token algorithm '${algorithm ?? 'none'}' is not accepted`);
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: [algorithm] });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is string => typeof r === 'string')
        : [];
      const tenant = typeof payload.tenant_id === 'string' ? payload.tenant_id : undefined;
      return { subject: payload.sub ?? 'unknown', ...(tenant ? { tenant } : {}), roles, via: 'jwt' };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new UnauthorizedError('token expired');
      if (error instanceof joseErrors.JWSSignatureVerificationFailed)
        throw new UnauthorizedError('token signature is invalid');
      throw new UnauthorizedError('token rejected');
    }
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
