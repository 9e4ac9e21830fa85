import 'server-only';
import type { KeptCertificateState } from '@/lib/trust-recheck/certificate-attention';
import { getDb, type ClientStatus } from '@/lib/db';
import { CLIENT_SUMMARY_SELECT } from './client-summary-select';

/** A client as My applications lists it, whichever way it was created. */
export type ClientSummary = {
  clientId: string;
  softwareClientName: string;
  softwareId: string;
  environment: string;
  creationMethod: 'MCR' | 'DCR';
  status: ClientStatus;
  tokenEndpointAuthMethod: string;
  createdAt: Date;
  certificates: KeptCertificateState[];
};

/** Every live client of one organisation, newest first; scoped by the caller's organisation id. */
export async function listOrganisationClients(organisationId: string): Promise<ClientSummary[]> {
  return getDb().client.findMany({
    where: { organisationId, deletedAt: null },
    orderBy: { createdAt: 'desc' },
    select: CLIENT_SUMMARY_SELECT,
  });
}
