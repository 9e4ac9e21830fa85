import 'server-only';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getDb, type Client } from '@/lib/db';
import { KEPT_CERTIFICATE_ORDER, KEPT_CERTIFICATE_SELECT, toKeptCertificateViews, type KeptCertificateView } from './kept-certificate-select';
import { recordClientAccessRefusal } from './record-client-access-refusal';

/**
 * One live client of the actor's organisation, with its kept certificates, or null. Another organisation's client id answers
 * exactly like an unknown one, so a TPP cannot even learn that it exists; the attempt is audited.
 */
export async function getOrganisationClient(actor: TppActor, clientId: string): Promise<(Client & { certificates: KeptCertificateView[] }) | null> {
  const client = await getDb().client.findFirst({
    where: { clientId, organisationId: actor.organisation.id, deletedAt: null },
    // Its kept transport certificates with their last trust status (OB-RULES *Trust over time*).
    include: { certificates: { select: KEPT_CERTIFICATE_SELECT, orderBy: [...KEPT_CERTIFICATE_ORDER] } },
  });
  if (client === null) {
    await recordClientAccessRefusal({ id: actor.id, organisationId: actor.organisation.id }, clientId, 'read');
    return null;
  }
  return { ...client, certificates: toKeptCertificateViews(client.certificates) };
}
