import 'server-only';
import { getDb, type Client } from '@/lib/db';

/**
 * One live client of the caller's organisation, or null. Another organisation's client id answers
 * exactly like an unknown one, so a TPP cannot even learn that it exists.
 */
export async function getOrganisationClient(organisationId: string, clientId: string): Promise<Client | null> {
  return getDb().client.findFirst({ where: { clientId, organisationId, deletedAt: null } });
}
