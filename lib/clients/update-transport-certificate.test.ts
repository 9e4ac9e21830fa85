// Rotation in My applications (OB-RULES *Trust over time*): a new transport certificate is checked like a
// registration's, against the real sandbox directory (its CA, OCSP responder and revoked keystore), and kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TppActor } from '@/lib/auth/tpp-actor';
import { getDb } from '@/lib/db';
import type { TestDirectory } from '@/directory/testing/start-test-directory';
import { ACME, startSandboxTpps } from '@/lib/testing/start-sandbox-tpps';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import type { ValidationContext } from '@/lib/validation/get-validation-context';
import { firstFailure } from '@/lib/validation/report';
import type { ManualRegistrationChoices } from './manual-registration-choices';
import { registerManualClient } from './register-manual-client';
import { checkTransportCertificateUpdate, saveTransportCertificateUpdate } from './update-transport-certificate';

useTestDatabase();


type Bundle = { software_id: string; ssa: string; transport: { certificate_pem: string } };

let directory: TestDirectory;
let context: ValidationContext;
let acme: TppActor;
let budget: TppActor;

beforeAll(async () => {
  ({ directory, context, acme, budget } = await startSandboxTpps());
});

afterAll(async () => {
  await directory?.dispose();
});

async function post(pathname: string, body: Record<string, unknown> = {}, status = 201): Promise<Bundle> {
  const response = await fetch(`${directory.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(status);
  return (await response.json()) as Bundle;
}

// Acme software with a manually registered client; `softwarePath` names it at the directory.
async function registeredClient(choicesFor: (software: Bundle) => Partial<ManualRegistrationChoices> = () => ({})) {
  const software = await post(`/api/organisations/${ACME.directoryOrgId}/software`);
  const choices = choicesFor(software);
  const claims = JSON.parse(Buffer.from(software.ssa.split('.')[1] ?? '', 'base64url').toString('utf8')) as { software_redirect_uris: string[] };
  const check = await registerManualClient(acme, software.ssa, { tokenEndpointAuthMethod: 'private_key_jwt', scopes: ['accounts'], redirectUris: claims.software_redirect_uris, ...choices }, context);
  if (check.status !== 'registered') throw new Error('the client was not registered');
  return { clientId: check.clientId, software, softwarePath: `/api/organisations/${ACME.directoryOrgId}/software/${software.software_id}` };
}

describe('updating a transport certificate', () => {
  it("checks the software's new certificate, keeps it once, and audits it", async () => {
    const { clientId, softwarePath } = await registeredClient();
    const renewed = await post(`${softwarePath}/certificates/transport`, { validForDays: 5 });
    const checked = await checkTransportCertificateUpdate(acme, clientId, renewed.transport.certificate_pem, context);
    expect(checked.status === 'refused' ? firstFailure(checked.report) : null).toBeNull();
    expect(checked).toMatchObject({ status: 'checked', report: { ok: true } });
    expect(await getDb().clientCertificate.count({ where: { clientId } })).toBe(1);

    const saved = await saveTransportCertificateUpdate(acme, clientId, renewed.transport.certificate_pem, context);
    expect(saved).toMatchObject({ status: 'saved', isNew: true, certificate: { notAfter: expect.any(Date) } });
    expect(await saveTransportCertificateUpdate(acme, clientId, renewed.transport.certificate_pem, context)).toMatchObject({ status: 'saved', isNew: false });
    expect(await getDb().clientCertificate.count({ where: { clientId } })).toBe(2);
    const events = await getDb().auditEvent.findMany({ where: { clientId, action: 'client.transport_certificate_added' } });
    expect(events).toEqual([expect.objectContaining({ actorType: 'tpp_user', actorId: acme.id })]);
  });

  it('refuses a certificate its authority revoked, saying so, and keeps nothing', async () => {
    const { clientId, software, softwarePath } = await registeredClient();
    await post(`${softwarePath}/certificates/transport/revoke`, { reason: 'keyCompromise' }, 200);
    const refused = await saveTransportCertificateUpdate(acme, clientId, software.transport.certificate_pem, context);
    expect(refused.status).toBe('refused');
    if (refused.status !== 'refused') return;
    expect(firstFailure(refused.report)).toMatchObject({ id: 'certificate.revocation', description: expect.stringContaining('the certificate authority revoked this transport certificate') });
  });

  it("refuses another software's certificate, and text that is no certificate", async () => {
    const { clientId } = await registeredClient();
    const other = await post(`/api/organisations/${ACME.directoryOrgId}/software`);
    const foreign = await checkTransportCertificateUpdate(acme, clientId, other.transport.certificate_pem, context);
    expect(foreign.status === 'refused' && firstFailure(foreign.report)?.id).toBe('certificate.subject');
    const garbage = await checkTransportCertificateUpdate(acme, clientId, '-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----', context);
    expect(garbage.status === 'refused' && firstFailure(garbage.report)?.id).toBe('certificate.parse');
  });

  it('asks a tls_client_auth certificate for the registered subject DN', async () => {
    const dnOf = (software: Bundle) => `CN=${software.software_id},OU=${ACME.directoryOrgId},O=OpenBanking,C=GB`;
    const { clientId, softwarePath } = await registeredClient((software) => ({ tokenEndpointAuthMethod: 'tls_client_auth', tlsClientAuthSubjectDn: dnOf(software) }));
    // The client registered its software's DN: a renewed certificate of it has the same subject and passes.
    const renewed = await post(`${softwarePath}/certificates/transport`);
    expect(await checkTransportCertificateUpdate(acme, clientId, renewed.transport.certificate_pem, context)).toMatchObject({ status: 'checked' });
    // A DN edited since (as PUT may) makes the same certificate fail the check.
    await getDb().client.update({ where: { clientId }, data: { tlsClientAuthSubjectDn: 'CN=OtherSoftware0009,OU=0015800001ACMEPAYS,O=OpenBanking,C=GB' } });
    const refused = await checkTransportCertificateUpdate(acme, clientId, renewed.transport.certificate_pem, context);
    expect(refused.status === 'refused' && firstFailure(refused.report)?.id).toBe('certificate.registered_subject');
  });

  it("answers another organisation's client as not found, and a revoked client as closed", async () => {
    const { clientId, softwarePath } = await registeredClient();
    const renewed = await post(`${softwarePath}/certificates/transport`);
    expect(await saveTransportCertificateUpdate(budget, clientId, renewed.transport.certificate_pem, context)).toEqual({ status: 'not_found' });
    await getDb().client.update({ where: { clientId }, data: { status: 'revoked' } });
    expect(await saveTransportCertificateUpdate(acme, clientId, renewed.transport.certificate_pem, context)).toEqual({
      status: 'closed',
      description: 'the client is revoked: it can never obtain tokens again, so it takes no new certificate',
    });
    expect(await getDb().clientCertificate.count({ where: { clientId } })).toBe(1);
  });
});
