import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DirectoryContext } from '../directory-context';
import { sendAnswer } from '../http/answer';
import { HTML_PAGE_HEADERS } from '../http/html-page';
import { readBody } from '../http/read-body';
import type { DirectoryUser } from '../state/directory-state';
import type { SandboxDirectoryClient } from './create-oidc-provider';
import type { OidcInteraction, OidcProvider } from './oidc-provider-types';
import { renderErrorPage } from './render-oidc-pages';
import { renderLoginPage } from './render-login-page';

const INTERACTION_ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

/** The message of a refused sign-in; it does not say which of the two was wrong. */
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';

/** Handles a request to serve the sign-in interaction (`/interaction/<uid>[/login|/abort]`). */
export type InteractionHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;

/**
 * Serves the sign-in step of oidc-provider's authorization flow: the form, the credential check, and the
 * hand-back to oidc-provider. Returns false for paths outside `/interaction/`.
 */
export function createInteractionHandler(
  context: DirectoryContext,
  provider: OidcProvider,
  clients: readonly SandboxDirectoryClient[],
): InteractionHandler {
  return async (req, res, pathname) => {
    const match = INTERACTION_ROUTE.exec(pathname);
    if (!match) {
      return false;
    }
    const [, uid, action] = match;
    const method = req.method ?? 'GET';
    const isAllowed = action === 'login' ? method === 'POST' : method === 'GET' || method === 'HEAD';
    if (!isAllowed) {
      sendHtml(res, 405, renderErrorPage('invalid_request', 'This method is not allowed here.'), { allow: action === 'login' ? 'POST' : 'GET' });
      return true;
    }

    let interaction: OidcInteraction;
    try {
      interaction = await provider.interactionDetails(req, res);
    } catch (error) {
      if (isClientError(error)) {
        sendHtml(res, 400, renderErrorPage(error.error, 'The sign-in session has expired or was not found.'));
        return true;
      }
      throw error;
    }
    if (interaction.uid !== uid) {
      sendHtml(res, 400, renderErrorPage('invalid_request', 'The sign-in session has expired or was not found.'));
      return true;
    }

    if (action === 'abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
      return true;
    }
    if (interaction.prompt.name !== 'login') {
      // Consent is implied for the configured clients (see loadExistingGrant); any other prompt is unexpected.
      sendHtml(res, 400, renderErrorPage('invalid_request', `The "${interaction.prompt.name}" step is not supported by the sandbox directory.`));
      return true;
    }

    const clientId = typeof interaction.params.client_id === 'string' ? interaction.params.client_id : '';
    const client = clients.find((candidate) => candidate.clientId === clientId);
    const page = (status: number, email?: string, error?: string) =>
      sendHtml(
        res,
        status,
        renderLoginPage({
          action: `/interaction/${uid}/login`,
          abortHref: `/interaction/${uid}/abort`,
          clientName: client?.clientName ?? clientId,
          email,
          error,
          accounts: context.store.state.users.map((user) => ({
            email: user.email,
            password: user.password,
            organisation: context.store.state.organisations.find((organisation) => organisation.id === user.orgId)?.name ?? 'none (not a TPP user)',
          })),
        }),
      );

    if (action !== 'login') {
      page(200);
      return true;
    }
    const body = await readBody(req);
    const form = new URLSearchParams(body ?? '');
    const email = (form.get('email') ?? '').trim();
    const user = findUserByCredentials(context.store.state.users, email, form.get('password') ?? '');
    if (!user) {
      page(401, email, INVALID_CREDENTIALS_MESSAGE);
      return true;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    return true;
  };
}

function findUserByCredentials(users: readonly DirectoryUser[], email: string, password: string): DirectoryUser | undefined {
  const user = users.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
  // Compare digests so that the comparison takes the same time whatever the password's length.
  const expected = createHash('sha256').update(user?.password ?? '').digest();
  const given = createHash('sha256').update(password).digest();
  return user && timingSafeEqual(expected, given) ? user : undefined;
}

function isClientError(error: unknown): error is { error: string; statusCode: number } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number' &&
    error.statusCode < 500 &&
    'error' in error &&
    typeof error.error === 'string'
  );
}

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  sendAnswer(res, { status, contentType: 'text/html; charset=utf-8', body: html }, { ...HTML_PAGE_HEADERS, ...headers });
}
