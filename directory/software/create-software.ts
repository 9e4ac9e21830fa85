import type { DirectoryContext } from '../directory-context';
import type { Organisation, Software } from '../state/directory-state';
import { generateSoftwareId } from './generate-software-id';
import type { CreateSoftwareRequest } from './parse-create-software-request';
import { issueSoftwareCertificate } from './issue-software-certificate';
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
  const roles = request.roles ?? [...organisation.roles];
  const certificateProfile = request.certificateProfile ?? 'ob';
  const owner = { orgId: organisation.id, softwareId, roles, certificateProfile };
  const software: Software = {
    softwareId,
    orgId: organisation.id,
    clientName,
    roles,
    redirectUris: request.redirectUris ?? [softwareSite(clientName).defaultRedirectUri],
    environment: request.environment ?? 'sandbox',
    createdAt: now.toISOString(),
    signing: await issueSoftwareCertificate(context, owner, 'signing', now),
    transport: await issueSoftwareCertificate(context, owner, 'transport', now),
    revokedKeys: [],
    certificateProfile,
  };
  state.software.push(software);
  await context.store.save();
  return software;
}
