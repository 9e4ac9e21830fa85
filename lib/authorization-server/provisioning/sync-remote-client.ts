import 'server-only';
import type { PrismaClient } from '@/lib/db';
import type { RegistrationClient, RegistrationCredentials } from './create-registration-client';
import { isServedClient, PROVISIONABLE_CLIENT_SELECT } from './provisionable-client-select';
import { RegistrationRequestError } from './registration-request-error';
import { hashRemoteClientMetadata, toRemoteClientMetadata, type RemoteClientMetadata } from './to-remote-client-metadata';

type StoredRegistration = { registrationClientUri: string | null; registrationAccessToken: string | null; metadataSha256: string | null };

/**
 * Makes the bank's authorization server serve `clientId` exactly as its committed row says, over RFC 7591/7592:
 * registered (POST) when active and undeleted and unknown there, updated (PUT, the whole metadata) when it changed,
 * deleted (DELETE, which ends its tokens, RFC 7592 §2.3) otherwise. What the server already holds is not sent again,
 * so a replay changes nothing.
 *
 * Onboard asks for its own client id and requires the server to grant it: the TPP receives one id for
 * `/register/{id}` and the token endpoint; a suspended client (deleted there: RFC 7592 has no suspension) gets the
 * same id back when reactivated; and a registration whose answer was lost (a timeout, a crash) is recorded before it
 * is sent, then repeated under the same id, which gives Onboard the credentials to update or delete what the server
 * may have created. Throws a `RegistrationRequestError` (or an Error for a client that cannot be provisioned).
 */
export async function syncRemoteClient(prisma: PrismaClient, server: RegistrationClient, clientId: string): Promise<void> {
  const client = await prisma.client.findUnique({ where: { clientId }, select: PROVISIONABLE_CLIENT_SELECT });
  const stored = await prisma.remoteClientRegistration.findUnique({ where: { clientId } });
  if (client === null || !isServedClient(client)) {
    if (stored === null) return;
    // A registration whose answer was never read is repeated under the same id, so that what it created can go.
    const credentials = credentialsOf(stored) ?? (client === null ? null : await registerRecorded(prisma, server, toRemoteClientMetadata({ ...client, status: 'active', deletedAt: null })));
    if (credentials !== null) await server.remove(credentials);
    await prisma.remoteClientRegistration.deleteMany({ where: { clientId } });
    return;
  }
  const metadata = toRemoteClientMetadata(client);
  const metadataSha256 = hashRemoteClientMetadata(metadata);
  const credentials = stored === null ? null : credentialsOf(stored);
  if (credentials !== null && stored?.metadataSha256 === metadataSha256) return;
  if (credentials !== null) {
    try {
      const updated = await server.update(credentials, metadata);
      await save(prisma, clientId, updated.credentials ?? credentials, metadataSha256);
      return;
    } catch (error) {
      // A registration access token lost with an answer (servers rotate it on updates), or a client the server no
      // longer has: registering again under the same id gives a fresh one.
      if (!(error instanceof RegistrationRequestError && (error.kind === 'unauthorized' || error.kind === 'gone'))) throw error;
    }
  }
  const registered = await registerRecorded(prisma, server, metadata);
  if (registered === null) {
    throw new RegistrationRequestError('refused', 'the authorization server assigned its own client_id; it must grant the client_id Onboard asks for');
  }
  await save(prisma, clientId, registered, metadataSha256);
}

// Records that a registration is out (the server may hold the client from here on), then sends it. Null when the
// server assigned another id: that client is deleted at once, so that none stays there that Onboard does not know.
async function registerRecorded(prisma: PrismaClient, server: RegistrationClient, metadata: RemoteClientMetadata): Promise<RegistrationCredentials | null> {
  const clientId = metadata.client_id;
  const inFlight = { registrationClientUri: null, registrationAccessToken: null, metadataSha256: null };
  await prisma.remoteClientRegistration.upsert({ where: { clientId }, create: { clientId, ...inFlight }, update: inFlight });
  const registered = await server.register(metadata);
  if (registered.credentials === null) throw new RegistrationRequestError('refused', 'the authorization server answered without registration credentials');
  if (registered.clientId === clientId) return registered.credentials;
  await server.remove(registered.credentials);
  return null;
}

function credentialsOf(stored: StoredRegistration): RegistrationCredentials | null {
  const { registrationClientUri, registrationAccessToken } = stored;
  return registrationClientUri !== null && registrationAccessToken !== null ? { registrationClientUri, registrationAccessToken } : null;
}

async function save(prisma: PrismaClient, clientId: string, credentials: RegistrationCredentials, metadataSha256: string): Promise<void> {
  const data = { registrationClientUri: credentials.registrationClientUri, registrationAccessToken: credentials.registrationAccessToken, metadataSha256 };
  await prisma.remoteClientRegistration.upsert({ where: { clientId }, create: { clientId, ...data }, update: data });
}
