import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { approveClient } from '@/lib/admin/approve-client';
import { reactivateClient } from '@/lib/admin/reactivate-client';
import { listAuditEvents } from '@/lib/audit/list-audit-events';
import type { AdminActor } from '@/lib/auth/admin-actor';
import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { readCertificate } from '@/lib/certificates/read-certificate';
import type { x509 } from '@/lib/certificates/x509';
import { getDb, type ClientStatus, type Organisation } from '@/lib/db';
import { createJwksFetcher } from '@/lib/keys/create-jwks-fetcher';
import { readScheduledRun } from '@/lib/scheduling/scheduled-run';
import { startTestStatusAuthority, type TestStatusAuthority } from '@/lib/testing/certificate-status/start-test-status-authority';
import type { TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { TrustSources } from './recheck-certificate';
import { runScheduledTrustRecheck, TRUST_RECHECK_JOB } from './run-scheduled-trust-recheck';
import { runTrustRecheck } from './run-trust-recheck';

useTestDatabase();

const REVOKED_AT = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
const SOFTWARE_LIST = '/revoked/software.jwks';

let authority: TestStatusAuthority;
let server: TestJwksServer;
let organisation: Organisation;
let admin: AdminActor;
let domains: (TrustSources & { environment: string })[];
let logged: string[];

beforeAll(async () => {
  authority = await startTestStatusAuthority('Trust Recheck Test CA');
  ({ server } = authority);
  server.serve(SOFTWARE_LIST, { body: { keys: [] } });
  organisation = await getDb().organisation.create({ data: { directoryOrgId: '0015800001RECHECK', name: 'Recheck Ltd', status: 'Active', roles: ['AISP'] } });
  const row = await getDb().admin.create({ data: { issuer: 'https://idp.bank.example', subject: 'rita', name: 'Rita', email: 'rita@bank.example', isAdmin: true } });
  admin = { id: row.id, name: row.name, email: row.email };
  domains = [
    {
      environment: 'sandbox',
      fetchRevokedKeys: createJwksFetcher({ allowedHosts: [server.host], cacheMaxAgeMs: 0 }),
      checkCertificateStatus: createCertificateStatusChecker({ allowedHosts: [server.host], maxAgeMs: 0, timeoutMs: 1_000 }),
      readCaCertificates: async () => [authority.ca.signer.certificatePem],
    },
  ];
});
afterAll(() => authority.close());

beforeEach(async () => {
  authority.reset();
  server.serve(SOFTWARE_LIST, { body: { keys: [] } });
  logged = [];
  // Each test sees only its own clients.
  await getDb().client.updateMany({ where: { deletedAt: null }, data: { deletedAt: new Date() } });
});

function recheck() {
  return runTrustRecheck({ domains, log: (line) => logged.push(line) });
}

const issue = () => authority.issue();
const revoke = (certificate: x509.X509Certificate) => authority.revoke(certificate, REVOKED_AT);

async function createClient(status: ClientStatus, ...certificates: x509.X509Certificate[]): Promise<string> {
  return createClientIn('sandbox', status, ...certificates);
}

async function createClientIn(environment: string, status: ClientStatus, ...certificates: x509.X509Certificate[]): Promise<string> {
  const clientId = randomUUID();
  await getDb().client.create({
    data: {
      clientId,
      organisationId: organisation.id,
      softwareId: 'TestSoftware0001',
      softwareClientName: 'Recheck app',
      environment,
      creationMethod: 'DCR',
      status,
      tokenEndpointAuthMethod: 'tls_client_auth',
      tlsClientAuthSubjectDn: 'CN=TestSoftware0001,OU=0015800001TESTORG,O=OpenBanking,C=GB',
      redirectUris: [],
      scopes: ['accounts'],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      softwareStatement: 'eyJ.test.ssa',
      softwareStatementClaims: { software_jwks_revoked_endpoint: server.url(SOFTWARE_LIST) },
      registrationMetadata: {},
    },
  });
  // One after the other: the newest is the client's current certificate.
  for (const [index, certificate] of certificates.entries()) {
    await getDb().clientCertificate.create({
      data: {
        clientId,
        certificate: Buffer.from(certificate.rawData).toString('base64'),
        thumbprintS256: readCertificate(certificate.toString('pem')).thumbprintS256,
        subjectDn: certificate.subject,
        issuerDn: certificate.issuer,
        serialNumber: certificate.serialNumber,
        notBefore: certificate.notBefore,
        notAfter: certificate.notAfter,
        createdAt: new Date(Date.now() - (certificates.length - index) * 60_000),
      },
    });
  }
  return clientId;
}

async function stateOf(clientId: string) {
  const client = await getDb().client.findUniqueOrThrow({ where: { clientId }, select: { status: true, statusReason: true, statusChangedBy: true } });
  const certificates = await getDb().clientCertificate.findMany({ where: { clientId }, orderBy: { createdAt: 'asc' }, select: { trustStatus: true, trustDetail: true, trustCheckedAt: true } });
  return { ...client, certificates };
}

describe('runTrustRecheck', () => {
  it('records a good certificate and leaves its client alone', async () => {
    const clientId = await createClient('active', await issue());
    expect(await recheck()).toEqual({ clients: 1, certificates: expect.objectContaining({ good: 1, revoked: 0 }), suspended: 0, notConfirmed: 0 });
    const state = await stateOf(clientId);
    expect(state).toMatchObject({ status: 'active', certificates: [{ trustStatus: 'good', trustDetail: 'the certificate authority vouches for the transport certificate, according to its OCSP responder' }] });
    expect(state.certificates[0]?.trustCheckedAt).toBeInstanceOf(Date);
  });

  it("re-checks a client in its own environment's domain: one the deployment no longer serves vouches for nothing, suspending no one", async () => {
    const certificate = await issue();
    const asked = server.requestCount();
    const clientId = await createClientIn('production', 'active', certificate);
    expect(await recheck()).toEqual({ clients: 1, certificates: expect.objectContaining({ untrusted: 1, good: 0 }), suspended: 0, notConfirmed: 0 });
    expect(await stateOf(clientId)).toMatchObject({ status: 'active', certificates: [{ trustStatus: 'untrusted', trustDetail: 'the bank no longer trusts certificates of the production environment' }] });
    expect(server.requestCount()).toBe(asked);
  });

  it('suspends an active client whose certificate its authority revoked, says why and what to do, and audits it as the system', async () => {
    const certificate = await issue();
    revoke(certificate);
    const clientId = await createClient('active', certificate);
    expect(await recheck()).toMatchObject({ clients: 1, certificates: { revoked: 1 }, suspended: 1 });
    const state = await stateOf(clientId);
    const found = `the certificate authority revoked this transport certificate on ${REVOKED_AT.toISOString()} (keyCompromise), according to its OCSP responder`;
    expect(state).toMatchObject({ status: 'suspended', statusChangedBy: null, certificates: [{ trustStatus: 'revoked', trustDetail: found }] });
    expect(state.statusReason).toBe(
      `Onboard suspended this client after re-checking its trust: ${found}. Add a current transport certificate of the software to this client (Update transport certificate, on its page in My applications), then ask the bank to reactivate it.`,
    );
    const { events } = await listAuditEvents({ clientId });
    expect(events).toMatchObject([{ actorType: 'system', action: 'client.suspended', details: { from: 'active', to: 'suspended', reason: state.statusReason } }]);
  });

  it('refuses to reactivate or approve a client while its current certificate stands revoked', async () => {
    const certificate = await issue();
    revoke(certificate);
    const active = await createClient('active', certificate);
    const pending = await createClient('pending', certificate);
    await recheck();
    expect((await stateOf(pending)).status).toBe('pending');
    const refusal = expect.stringMatching(/^the certificate authority revoked this transport certificate on .+: the TPP must add a current transport certificate before the client can be (reactivated|approved)$/);
    expect(await reactivateClient(admin, active, 'looks fine')).toEqual({ status: 'refused', currentStatus: 'suspended', description: refusal });
    expect(await approveClient(admin, pending, 'looks fine')).toEqual({ status: 'refused', currentStatus: 'pending', description: refusal });
  });

  it('only marks a revoked certificate the client rotated away from', async () => {
    const old = await issue();
    revoke(old);
    const clientId = await createClient('active', old, await issue());
    expect(await recheck()).toMatchObject({ certificates: { revoked: 1, good: 1 }, suspended: 0 });
    expect(await stateOf(clientId)).toMatchObject({ status: 'active', certificates: [{ trustStatus: 'revoked' }, { trustStatus: 'good' }] });
  });

  it("suspends a client whose certificate is on the directory's revoked lists", async () => {
    const certificate = await issue();
    server.serve(SOFTWARE_LIST, { body: { keys: [{ kty: 'RSA', kid: 'old', 'x5t#S256': readCertificate(certificate.toString('pem')).thumbprintS256 }] } });
    const clientId = await createClient('active', certificate);
    await recheck();
    expect(await stateOf(clientId)).toMatchObject({
      status: 'suspended',
      certificates: [{ trustStatus: 'revoked', trustDetail: 'the directory has revoked this transport certificate: it is on the software\'s list of revoked keys ("software_jwks_revoked_endpoint")' }],
    });
  });

  it('records a status no source gave as unknown, logs why for the bank, and suspends no one', async () => {
    authority.setDown(true);
    const clientId = await createClient('active', await issue());
    expect(await recheck()).toMatchObject({ certificates: { unknown: 1 }, suspended: 0 });
    expect(await stateOf(clientId)).toMatchObject({ status: 'active', certificates: [{ trustStatus: 'unknown' }] });
    expect(logged).toEqual([expect.stringMatching(/^\[trust\] client .+, certificate [0-9a-f]+: no status: .*503/)]);
  });

  it('passes over clients that are not live, and clients with no kept certificate', async () => {
    const certificate = await issue();
    revoke(certificate);
    const suspended = await createClient('suspended', certificate);
    const revoked = await createClient('revoked', certificate);
    await createClient('active');
    expect(await recheck()).toMatchObject({ clients: 0, suspended: 0 });
    expect((await stateOf(suspended)).certificates).toEqual([expect.objectContaining({ trustStatus: null })]);
    expect((await stateOf(revoked)).status).toBe('revoked');
  });

  it('re-checks only the client it is asked about (a token request found its certificate revoked)', async () => {
    const certificate = await issue();
    revoke(certificate);
    const named = await createClient('active', certificate);
    const other = await createClient('active', certificate);
    expect(await runTrustRecheck({ domains, clientId: named })).toMatchObject({ clients: 1, suspended: 1 });
    expect((await stateOf(named)).status).toBe('suspended');
    expect(await stateOf(other)).toMatchObject({ status: 'active', certificates: [{ trustStatus: null }] });
  });

  it('reads every page of clients', async () => {
    const ids = [];
    for (let index = 0; index < 5; index += 1) ids.push(await createClient('active', await issue()));
    expect(await runTrustRecheck({ domains, pageSize: 2 })).toMatchObject({ clients: 5, certificates: { good: 5 } });
  });
});

describe('runScheduledTrustRecheck', () => {
  it('runs once across instances that ask at the same time, then not again until it is due or an admin asks', async () => {
    await createClient('active', await issue());
    const runs = await Promise.all([runScheduledTrustRecheck(3600, { domains }), runScheduledTrustRecheck(3600, { domains })]);
    expect(runs.filter((run) => run.ran)).toHaveLength(1);
    expect(await runScheduledTrustRecheck(3600, { domains })).toEqual({ ran: false });
    const state = await readScheduledRun(TRUST_RECHECK_JOB);
    expect(state?.lastOutcome).toBe('1 client re-checked: 1 good; 0 suspended');
    expect(state?.nextRunAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const forced = await runScheduledTrustRecheck(3600, { domains, force: true, requestedBy: { type: 'admin', id: admin.id } });
    expect(forced).toMatchObject({ ran: true, report: { clients: 1 } });
    const { events } = await listAuditEvents({ action: 'trust.rechecked' });
    // The scheduled run suspended no one: only the admin's is audited.
    expect(events).toMatchObject([{ actorType: 'admin', actorId: admin.id, details: { outcome: '1 client re-checked: 1 good; 0 suspended' } }]);
  });
});
