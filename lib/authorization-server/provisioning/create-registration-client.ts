import 'server-only';
import { readBodyText } from '@/lib/http/read-body-text';
import { isLoopbackHost } from '@/lib/registration/is-loopback-host';
import { RegistrationRequestError } from './registration-request-error';

/** Where the bank's authorization server is and how Onboard may register clients with it. */
export type RegistrationClientOptions = {
  /** `AUTHORIZATION_SERVER`: its issuer; the registration endpoint is read from its discovery document. */
  issuer: string;
  /** `AUTHORIZATION_SERVER_INITIAL_ACCESS_TOKEN` (RFC 7591 §3), when the server requires one. */
  initialAccessToken?: string;
  /** Covers connecting, the headers and the body of each request. */
  timeoutMs: number;
  /** Cap on each answer's body. */
  maxBytes: number;
  fetch?: typeof fetch;
};

/** What RFC 7592 needs to manage a client the server registered. */
export type RegistrationCredentials = { registrationClientUri: string; registrationAccessToken: string };

/** A client as the server answered it: its metadata and, after a registration or a rotation, its credentials. */
export type RegisteredClient = { clientId: string; metadata: Record<string, unknown>; credentials: RegistrationCredentials | null };

/** RFC 7591/7592 against one authorization server: plain HTTP and JSON, bounded in time and size. */
export type RegistrationClient = {
  register(metadata: Record<string, unknown>): Promise<RegisteredClient>;
  update(credentials: RegistrationCredentials, metadata: Record<string, unknown>): Promise<RegisteredClient>;
  /** Resolves when the client is gone, including when it was already. */
  remove(credentials: RegistrationCredentials): Promise<void>;
};

type Answer = { status: number; body: unknown };

/**
 * Creates the RFC 7591 (register) and RFC 7592 (update, delete) client of the remote adapter. The registration
 * endpoint comes from `<issuer>/.well-known/openid-configuration` (read once it answers, RFC 8414 §3), whose `issuer`
 * must be the configured one. Tokens are sent only over https (plain http to a loopback host only, as in tests and
 * behind a local sidecar). Redirects are not followed; every failure is a `RegistrationRequestError`.
 */
export function createRegistrationClient(options: RegistrationClientOptions): RegistrationClient {
  if (!isSafeServerUrl(options.issuer)) throw new TypeError('AUTHORIZATION_SERVER must be an https URL (plain http only to a loopback host)');
  const send = createSender(options);
  let registrationEndpoint: Promise<string> | undefined;
  const discover = () => {
    registrationEndpoint ??= readRegistrationEndpoint(send, options.issuer).catch((error: unknown) => {
      registrationEndpoint = undefined;
      throw error;
    });
    return registrationEndpoint;
  };

  return {
    async register(metadata) {
      const bearer = options.initialAccessToken;
      const answer = await send('POST', await discover(), { bearer, body: metadata });
      if (answer.status !== 201 && answer.status !== 200) throw failureOf(answer, 'registration');
      return readRegisteredClient(answer.body, true);
    },
    async update(credentials, metadata) {
      const answer = await send('PUT', credentials.registrationClientUri, { bearer: credentials.registrationAccessToken, body: metadata });
      if (answer.status !== 200) throw failureOf(answer, 'update');
      return readRegisteredClient(answer.body, false);
    },
    async remove(credentials) {
      const answer = await send('DELETE', credentials.registrationClientUri, { bearer: credentials.registrationAccessToken });
      // RFC 7592 §2.3: 204 once deleted; a client already deleted has no token that works any more (401) or is 404.
      if (answer.status === 204 || answer.status === 200 || answer.status === 401 || answer.status === 404) return;
      throw failureOf(answer, 'deletion');
    },
  };
}

type Send = (method: string, url: string, request: { bearer?: string; body?: Record<string, unknown> }) => Promise<Answer>;

function createSender({ timeoutMs, maxBytes, fetch: fetchImpl = fetch }: RegistrationClientOptions): Send {
  return async (method, url, { bearer, body }) => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetchImpl(url, {
        method,
        redirect: 'manual',
        signal,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await readCappedText(response, maxBytes);
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      if (error instanceof RegistrationRequestError) throw error;
      if (signal.aborted) throw new RegistrationRequestError('unavailable', `the authorization server did not answer within ${timeoutMs} ms`);
      throw new RegistrationRequestError('unavailable', 'the authorization server could not be reached');
    }
  };
}

async function readRegistrationEndpoint(send: Send, issuer: string): Promise<string> {
  const answer = await send('GET', `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {});
  if (answer.status !== 200 || !isObject(answer.body)) throw new RegistrationRequestError('unavailable', `the authorization server's discovery answered HTTP ${answer.status}`);
  const { issuer: advertised, registration_endpoint: endpoint } = answer.body;
  if (advertised !== issuer) throw new RegistrationRequestError('refused', "the authorization server's discovery names another issuer than AUTHORIZATION_SERVER");
  if (typeof endpoint !== 'string' || !isSafeServerUrl(endpoint)) throw new RegistrationRequestError('refused', 'the authorization server advertises no https registration_endpoint (RFC 7591)');
  return endpoint;
}

function readRegisteredClient(body: unknown, requireCredentials: boolean): RegisteredClient {
  if (!isObject(body) || typeof body.client_id !== 'string' || body.client_id === '') {
    throw new RegistrationRequestError('unavailable', 'the authorization server answered without a client_id');
  }
  const { registration_client_uri: uri, registration_access_token: token } = body;
  const credentials = typeof uri === 'string' && isSafeServerUrl(uri) && typeof token === 'string' && token !== '' ? { registrationClientUri: uri, registrationAccessToken: token } : null;
  // RFC 7592 §3: the registration answer carries what managing the client needs; without it the client is unmanageable.
  if (requireCredentials && credentials === null) throw new RegistrationRequestError('refused', 'the authorization server answered without registration_client_uri and registration_access_token (RFC 7592)');
  return { clientId: body.client_id, metadata: body, credentials };
}

function failureOf(answer: Answer, what: string): RegistrationRequestError {
  const code = isObject(answer.body) && typeof answer.body.error === 'string' && /^[\w.-]{1,64}$/.test(answer.body.error) ? answer.body.error : null;
  const detail = `the authorization server answered the ${what} with HTTP ${answer.status}${code ? ` ${code}` : ''}`;
  if (answer.status === 401) return new RegistrationRequestError('unauthorized', detail);
  if (answer.status === 404) return new RegistrationRequestError('gone', detail);
  if (answer.status >= 400 && answer.status < 500 && answer.status !== 429 && answer.status !== 408) return new RegistrationRequestError('refused', detail);
  return new RegistrationRequestError('unavailable', detail);
}

// Stops reading once the cap is passed: a huge or endless answer costs at most `maxBytes`.
async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  const text = await readBodyText(response, maxBytes);
  if (text !== null) return text;
  await response.body?.cancel().catch(() => undefined);
  throw new RegistrationRequestError('unavailable', `the authorization server's answer exceeds ${maxBytes} bytes`);
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// The registration access token and the initial access token are bearer credentials: never over plain http to
// another machine.
function isSafeServerUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
