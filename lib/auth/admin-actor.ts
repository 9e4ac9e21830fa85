/** A signed-in bank admin as lib/ functions take them (the workforce IdP's user, with the admin role). */
export type AdminActor = { id: string; name: string | null; email: string | null };
