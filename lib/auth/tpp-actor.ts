import type { Session } from 'next-auth';

/** A signed-in TPP user as lib/ functions take them: who acts, and for which organisation. */
export type TppActor = Pick<Session['user'], 'id' | 'organisation'>;
