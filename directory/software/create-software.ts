import type { DirectoryContext } from '../directory-context';
import { issueCertifiedKey } from '../pki/issue-certified-key';
import type { Organisation, Software } from '../state/directory-state';
import { generateSoftwareId } from './generate-software-id';
import type { CreateSoftwareRequest } from './parse-create-software-request';
import { softwareCertificateSubject } from './software-certificate-subject';
import { softwareSite } from './software-site';

/** Creates and persists a software statement with fresh signing and transport keys and certificates. */
export async function createSoftware(
  context: DirectoryContext,
  organisation: Organisation,
  request: CreateSoftwareRequest,
  now = new Date(),
): Promise<Software> {
  const { state } = context.store;
  const softwareId = generateSoftwareId();
  const count = state.software.filter((software) => software.orgId === organisation.id).length;
  const clientName = request.clientName ?? `${organisation.name} App ${count + 1}`;
  const subject = softwareCertificateSubject(organisation.id, softwareId);
  const software: Software = {
    softwareId,
    orgId: organisation.id,
    clientName,
    roles: request.roles ?? [...organisation.roles],
    redirectUris: request.redirectUris ?? [softwareSite(clientName).defaultRedirectUri],
    environment: request.environment ?? 'sandbox',
    createdAt: now.toISOString(),
    signing: await issueCertifiedKey(context.authority, subject, 'signing', now),
    transport: await issueCertifiedKey(context.authority, subject, 'transport', now),
    revokedKeys: [],
  };
  state.software.push(software);
  await context.store.save();
  return software;
}
