import { expect, test } from '@playwright/test';
import { E2E } from './support/e2e-environment';
import { ORG_IDS } from './support/fixtures';
import { SANDBOX_ACCOUNTS } from './support/sandbox-accounts';
import { createSoftwareBundle, TppSoftware, type ApiResponse, type SoftwareBundle } from './support/tpp-software';

// OB-RULES trust over time, revoked keys: what the sandbox directory revokes, the bank refuses, through the real
// directory, its revoked keystore and the API host's embedded terminator.

async function revokeSoftwareKeys(bundle: SoftwareBundle): Promise<SoftwareBundle> {
  const response = await fetch(`${E2E.sandboxDirectoryUrl}/api/organisations/${bundle.org_id}/software/${bundle.software_id}/revoke-keys`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as SoftwareBundle;
}

test("keys the directory revoked are refused at the token endpoint and at registration, saying so, and suspend the client; the software's new keys work", async ({ browser }) => {
  const before = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme));
  const registered = await before.register(await before.sign(before.registrationClaims()));
  expect(registered.status, registered.text).toBe(201);
  const clientId = (registered.body as { client_id: string }).client_id;
  expect((await before.token(clientId)).status).toBe(200);

  const after = new TppSoftware(await revokeSoftwareKeys(before.bundle));
  expect(after.bundle.transport.kid).not.toBe(before.bundle.transport.kid);

  // The old signing key, with the new certificate: the assertion's key is on the list (first: the next refusal
  // suspends the client).
  const assertionToken = await before.token(clientId, { credentials: { cert: after.bundle.transport.certificate_pem, key: after.bundle.transport.private_key_pem } });
  expect(assertionToken.body).toEqual({
    error: 'invalid_client',
    error_description: `the directory has revoked the signing key "${before.bundle.signing.kid}": it is on the software's list of revoked keys ("software_jwks_revoked_endpoint")`,
  });

  // The old transport certificate still chains to the directory's CA and names the software: only the list says no.
  const token = await before.token(clientId);
  expect({ status: token.status, body: token.body }).toEqual({
    status: 401,
    body: {
      error: 'invalid_client',
      error_description: 'the directory has revoked this transport certificate: it is on the software\'s list of revoked keys ("software_jwks_revoked_endpoint")',
    },
  });
  // That refusal starts the re-check of the client (the schedule would too): a revocation left it no certificate,
  // so it is suspended by the system.
  const admin = await (await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState })).newPage();
  await expect
    .poll(async () => {
      await admin.goto('/admin/clients?trust=rechecked');
      return admin.getByTestId('admin-clients').getByText(clientId).count();
    })
    .toBe(1);
  // A registration with the old keys and certificate: revoking the keys also revoked the old certificate at the
  // directory's CA, and the certificate checks come first in the report, so its OCSP answer is the refusal.
  const refused = await before.register(await before.sign(before.registrationClaims()));
  expect(refused.status).toBe(400);
  expect(refused.body).toEqual({
    error: 'invalid_client_metadata',
    error_description: expect.stringMatching(/^the certificate authority revoked this transport certificate on \S+Z \(keyCompromise\), according to its OCSP responder$/),
  });

  // The software's new keys register (the bank reads the software's JWKS again for a kid it does not know, at most
  // once a second: it read it moments ago), and the new client gets a token with them.
  let again: ApiResponse | null = null;
  await expect.poll(async () => (again = await after.register(await after.sign(after.registrationClaims()))).status, { timeout: 5_000 }).toBe(201);
  const renewed = await after.token(((again as ApiResponse | null)?.body as { client_id: string }).client_id);
  expect(renewed.status, renewed.text).toBe(200);
});

test('the trust re-check suspends a client whose transport certificate its CA revoked, saying why to the TPP and the bank; the TPP rotates it in My applications', async ({ browser }) => {
  const software = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme));
  const registered = await software.register(await software.sign(software.registrationClaims()));
  expect(registered.status, registered.text).toBe(201);
  const clientId = (registered.body as { client_id: string }).client_id;
  expect((await software.token(clientId)).status).toBe(200);

  // Only the certificate, at the directory's CA: its keys stay off the revoked lists.
  const path = `/api/organisations/${software.bundle.org_id}/software/${software.bundle.software_id}/certificates/transport/revoke`;
  const revocation = await fetch(`${E2E.sandboxDirectoryUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'keyCompromise' }) });
  expect(revocation.status).toBe(200);

  // The bank runs the re-check now (it also runs on its schedule): the client is suspended by the system, the
  // admin list of the re-check's suspensions names it, and the token endpoint refuses it.
  const admin = await (await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState })).newPage();
  await admin.goto('/admin');
  await admin.getByRole('button', { name: 'Re-check now' }).click();
  await expect(admin.getByTestId('trust-recheck-outcome')).toHaveText(/client.* re-checked: .*\d+ revoked.*; [1-9]\d* suspended/);
  await admin.goto('/admin/clients?trust=rechecked');
  await expect(admin.getByTestId('admin-clients').getByText(clientId)).toBeVisible();
  expect((await software.token(clientId)).status).toBe(401);

  // The TPP reads why, and what to do, on its application page.
  const tpp = await (await browser.newContext({ storageState: SANDBOX_ACCOUNTS.acme.storageState })).newPage();
  await tpp.goto(`/applications/${clientId}`);
  const panel = tpp.getByTestId('client-status-panel');
  await expect(panel).toHaveAttribute('data-status', 'suspended');
  await expect(panel).toContainText('Suspended by the trust re-check');
  await expect(panel).toContainText(/Why: Onboard suspended this client after re-checking its trust: the certificate authority revoked this transport certificate on .+\(keyCompromise\).+Add a current transport certificate/);
  await expect(tpp.getByTestId('kept-certificates').locator('tr[data-trust-status="revoked"]')).toHaveCount(1);

  // No admin can give it access back while its certificate stands revoked.
  await admin.goto(`/admin/clients/${clientId}`);
  const form = admin.locator('form').filter({ has: admin.getByRole('button', { name: 'Reactivate client' }) });
  await form.getByLabel('Reason (shown to the TPP)').fill('the TPP asked');
  await form.getByRole('button', { name: 'Reactivate client' }).click();
  await expect(admin.getByTestId('decision-outcome')).toContainText('the TPP must add a current transport certificate before the client can be reactivated');
  expect((await software.token(clientId)).status).toBe(401);

  // Rotation in My applications: the directory issues the software a new transport certificate (ending in five
  // days); the TPP checks it, reads its report, and saves it. The client keeps its id.
  const issued = await fetch(`${E2E.sandboxDirectoryUrl}${path.replace(/\/revoke$/, '')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ validForDays: 5 }) });
  expect(issued.status).toBe(201);
  const renewed = new TppSoftware((await issued.json()) as SoftwareBundle);
  await tpp.goto(`/applications/${clientId}`);
  await tpp.getByLabel('New transport certificate (PEM)').fill(software.bundle.transport.certificate_pem);
  await tpp.getByRole('button', { name: 'Check certificate' }).click();
  const outcome = tpp.getByTestId('transport-certificate-outcome');
  await expect(outcome.getByTestId('validation-report')).toContainText('the certificate authority revoked this transport certificate');
  await tpp.getByLabel('New transport certificate (PEM)').fill(renewed.bundle.transport.certificate_pem);
  await tpp.getByRole('button', { name: 'Check certificate' }).click();
  await expect(outcome).toContainText('Every check passed: save it to use it with this client.');
  await tpp.getByRole('button', { name: 'Save certificate' }).click();
  await expect(outcome).toContainText('Saved: the client now also authenticates with the certificate ending');
  await tpp.reload();
  await expect(tpp.getByTestId('kept-certificates').locator('tbody tr')).toHaveCount(2);
  await expect(tpp.getByTestId('kept-certificates').getByTestId('certificate-attention').first()).toHaveText('transport certificate expires in 5 days');

  // The bank may now reactivate it, and the new certificate gets a token; My applications flags its near end.
  await admin.goto(`/admin/clients/${clientId}`);
  const again = admin.locator('form').filter({ has: admin.getByRole('button', { name: 'Reactivate client' }) });
  await again.getByLabel('Reason (shown to the TPP)').fill('the TPP rotated its certificate');
  await again.getByRole('button', { name: 'Reactivate client' }).click();
  await expect(admin.getByTestId('decision-outcome')).toContainText('Reactivated: the client may obtain tokens again.');
  const token = await renewed.token(clientId);
  expect(token.status, token.text).toBe(200);
  await tpp.goto('/applications');
  await expect(tpp.getByRole('row').filter({ hasText: clientId }).getByTestId('certificate-attention')).toHaveAttribute('data-level', 'urgent');
});

test('a TPP rotates its transport certificate by PUT without losing the client, and the old one ending does not suspend it', async ({ browser }) => {
  const before = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme));
  const registered = await before.register(await before.sign(before.registrationClaims()));
  expect(registered.status, registered.text).toBe(201);
  const clientId = (registered.body as { client_id: string }).client_id;

  // The directory issues a new transport certificate; the old one stays valid. Over the new one, the TPP gets a
  // token and sends its registration again.
  const certificates = `${E2E.sandboxDirectoryUrl}/api/organisations/${before.bundle.org_id}/software/${before.bundle.software_id}/certificates/transport`;
  const issued = await fetch(certificates, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(issued.status).toBe(201);
  const after = new TppSoftware((await issued.json()) as SoftwareBundle);
  const updated = await after.manage('PUT', clientId, await after.accessToken(clientId), await after.sign(after.registrationClaims()));
  expect(updated.status, updated.text).toBe(200);
  expect((updated.body as { client_id: string }).client_id).toBe(clientId);

  // Both certificates work until the old one's CA revokes it; the re-check then marks it and leaves the client be.
  expect((await before.token(clientId)).status).toBe(200);
  const revoked = await fetch(`${certificates}/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'superseded', certificate_pem: before.bundle.transport.certificate_pem }),
  });
  expect(revoked.status).toBe(200);
  expect((await before.token(clientId)).status).toBe(401);
  const admin = await (await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState })).newPage();
  await admin.goto('/admin');
  await admin.getByRole('button', { name: 'Re-check now' }).click();
  await expect(admin.getByTestId('trust-recheck-outcome')).toHaveText(/re-checked/);
  await admin.goto(`/admin/clients/${clientId}`);
  const kept = admin.getByTestId('kept-certificates');
  await expect(kept.locator('tbody tr[data-trust-status="revoked"]')).toHaveCount(1);
  await expect(kept.locator('tbody tr[data-trust-status="good"]')).toHaveCount(1);
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('active');
  expect((await after.token(clientId)).status).toBe(200);
});

test('an OBWAC registers over DCR when its PSD2 roles cover the software statement, and its evidence shows to the TPP and the bank', async ({ browser }) => {
  const software = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme, { roles: ['AISP', 'PISP'], certificate_profile: 'obwac' }));
  const registered = await software.register(await software.sign(software.registrationClaims()));
  expect(registered.status, registered.text).toBe(201);
  const clientId = (registered.body as { client_id: string }).client_id;
  const token = await software.token(clientId);
  expect(token.status, token.text).toBe(200);

  const evidence = `PSD2 roles PSP_AI (AISP), PSP_PI (PISP); NCA Financial Conduct Authority (GB-FCA); organisation identifier PSDGB-OB-Unknown${ORG_IDS.acme}`;
  const tpp = await (await browser.newContext({ storageState: SANDBOX_ACCOUNTS.acme.storageState })).newPage();
  await tpp.goto(`/applications/${clientId}`);
  await expect(tpp.getByTestId('psd2-evidence')).toHaveText(evidence);
  const admin = await (await browser.newContext({ storageState: SANDBOX_ACCOUNTS.bankAdmin.storageState })).newPage();
  await admin.goto(`/admin/clients/${clientId}`);
  await expect(admin.getByTestId('psd2-evidence')).toHaveText(evidence);
});

test('a key whose certificate the CA revoked signs neither a client assertion nor a registration, saying so', async () => {
  const software = new TppSoftware(await createSoftwareBundle(ORG_IDS.acme));
  const registered = await software.register(await software.sign(software.registrationClaims()));
  expect(registered.status, registered.text).toBe(201);
  const clientId = (registered.body as { client_id: string }).client_id;
  expect((await software.token(clientId)).status).toBe(200);

  const path = `/api/organisations/${software.bundle.org_id}/software/${software.bundle.software_id}/certificates/signing/revoke`;
  const revoked = await fetch(`${E2E.sandboxDirectoryUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'keyCompromise' }) });
  expect(revoked.status).toBe(200);
  const revokedOn = /^the certificate authority revoked this signing certificate on \S+Z \(keyCompromise\), according to its OCSP responder$/;
  const token = await software.token(clientId);
  expect({ status: token.status, body: token.body }).toEqual({ status: 401, body: { error: 'invalid_client', error_description: expect.stringMatching(revokedOn) } });
  const refused = await software.register(await software.sign(software.registrationClaims()));
  expect({ status: refused.status, body: refused.body }).toEqual({ status: 400, body: { error: 'invalid_client_metadata', error_description: expect.stringMatching(revokedOn) } });
});
