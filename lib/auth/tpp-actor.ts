import type { SessionIdentity } from './record-sign-in';

/** A signed-in TPP user as lib/ functions take them: who acts, and for which organisation. */
export type TppActor = { id: string; organisation: SessionIdentity['organisation'] };
