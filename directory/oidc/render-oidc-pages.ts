import { escapeHtml, renderHtmlPage } from '../http/html-page';

/** The error page oidc-provider shows for a failed request: the error and its description, never a stack. */
export function renderErrorPage(error: string, description: string | undefined): string {
  return renderHtmlPage(
    'Something went wrong',
    `<h1>Something went wrong</h1>
<p role="alert" class="error">${escapeHtml(description ?? 'The request could not be completed.')}</p>
<p class="muted">Error code: <code>${escapeHtml(error)}</code>. Start again from the application that sent you here.</p>`,
  );
}

/** The sign-out confirmation; `formHtml` is oidc-provider's own form (with its CSRF token), id `op.logoutForm`. */
export function renderLogoutPage(host: string, formHtml: string): string {
  return renderHtmlPage(
    'Sign out',
    `<h1>Sign out of ${escapeHtml(host)}?</h1>
${formHtml}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button type="submit" form="op.logoutForm" style="background:#5a6472">Stay signed in</button>`,
  );
}

/** The page shown after a sign-out that named no post-logout redirect URI. */
export function renderSignedOutPage(): string {
  return renderHtmlPage('Signed out', '<h1>Signed out</h1><p>You have signed out of the Open Banking Directory.</p>');
}
