/** A sign-in failure as the user reads it. */
export type SignInProblem = { title: string; detail: string };

// next-auth v4 error codes (`?error=`), grouped by what the user can do about them.
const DIRECTORY_UNREACHABLE = new Set(['OAuthSignin', 'Configuration', 'configuration']);
const CALLBACK_FAILED = new Set(['OAuthCallback', 'Callback', 'OAuthCreateAccount', 'Signin']);

/** Explains a next-auth sign-in error code without leaking any internal detail. */
export function describeSignInError(code: string): SignInProblem {
  if (DIRECTORY_UNREACHABLE.has(code)) {
    return {
      title: 'The Open Banking Directory could not be reached',
      detail:
        'The portal could not start sign-in with the directory: it may be down, or the portal may be misconfigured (check DIRECTORY_ISSUER, DIRECTORY_CLIENT_ID and DIRECTORY_CLIENT_SECRET). Try again in a few minutes; if it persists, contact the bank.',
    };
  }
  if (CALLBACK_FAILED.has(code)) {
    return {
      title: 'Sign-in could not be completed',
      detail:
        'The directory sent you back, but the sign-in response could not be verified or recorded. Start again; if it keeps happening, contact the bank.',
    };
  }
  if (code === 'AccessDenied') {
    return { title: 'Access denied', detail: 'The directory did not grant access to the portal.' };
  }
  if (code === 'SessionRequired') {
    return { title: 'Please sign in', detail: 'You need to sign in to see that page.' };
  }
  return { title: 'Sign-in failed', detail: 'Something went wrong while signing you in. Please try again.' };
}
