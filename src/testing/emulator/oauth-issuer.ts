import { randomBytes } from 'node:crypto';
import type { ApiAnswer } from './api-answer.js';
import type { EmulatorOptions } from './emulator-options.js';

/** The emulator's OAuth machine-to-machine endpoints and the tokens they issued. */
export class OAuthIssuer {
  readonly #principal: EmulatorOptions['servicePrincipal'];
  readonly #now: () => number;
  readonly #issued = new Map<string, number>();

  constructor(principal: EmulatorOptions['servicePrincipal'], now: () => number) {
    this.#principal = principal;
    this.#now = now;
  }

  /** Whether `token` was issued here and has not expired. */
  accepts(token: string): boolean {
    const expiresAt = this.#issued.get(token);
    return expiresAt !== undefined && expiresAt > this.#now();
  }

  /** Answers discovery and `POST /oidc/v1/token` (Basic auth, `grant_type=client_credentials`). */
  answer(path: string, authorization: string | undefined, form: string, baseUrl: string): ApiAnswer {
    if (path.startsWith('/oidc/.well-known')) {
      return {
        status: 200,
        body: { token_endpoint: `${baseUrl}/oidc/v1/token`, authorization_endpoint: `${baseUrl}/oidc/v1/authorize` },
      };
    }
    const principal = this.#principal;
    const fields = new URLSearchParams(form);
    const [scheme, encoded] = (authorization ?? '').split(' ');
    const [clientId, clientSecret] = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString().split(':') : [];
    if (fields.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' },
      };
    }
    if (!principal || clientId !== principal.clientId || clientSecret !== principal.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
    }
    const lifetime = principal.tokenLifetimeSeconds ?? 3600;
    const token = `emu-oauth-${randomBytes(12).toString('hex')}`;
    this.#issued.set(token, this.#now() + lifetime * 1000);
    return {
      status: 200,
      body: { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: fields.get('scope') ?? 'all-apis' },
    };
  }
}
