// A registration keeps the transport certificate it verified with the new client, so that its trust can be
// re-checked for as long as the client lives (OB-RULES *Trust over time*, lib/trust-recheck/).
import { describe, expect, it } from 'vitest';

import { registerClient } from '@/lib/api-host/endpoints/register-client';
import { callThroughTerminator } from '@/lib/api-host/testing/call-through-terminator';
import { readCertificate } from '@/lib/certificates/read-certificate';
import { getDb } from '@/lib/db';
import type { RegistrationRouteFixture } from '@/lib/testing/start-registration-route-fixture';
import { useRegistrationRouteFixture } from '@/lib/testing/use-registration-route-fixture';

let fixture: RegistrationRouteFixture;

useRegistrationRouteFixture((started) => (fixture = started));

describe('POST /register', () => {
  it('keeps the presented transport certificate with the client, not yet re-checked', async () => {
    const answer = await callThroughTerminator(registerClient, await fixture.registrationRequest());
    expect(answer.status).toBe(201);
    const { client_id } = (await answer.json()) as { client_id: string };
    const { leaf } = fixture.certificates;
    expect(await getDb().clientCertificate.findMany({ where: { clientId: client_id } })).toEqual([
      expect.objectContaining({
        certificate: Buffer.from(leaf.certificate.rawData).toString('base64'),
        thumbprintS256: readCertificate(leaf.pem).thumbprintS256,
        subjectDn: expect.stringMatching(/^CN=.+,OU=.+,O=OpenBanking,C=GB$/),
        serialNumber: leaf.certificate.serialNumber,
        notAfter: leaf.certificate.notAfter,
        trustStatus: null,
        trustCheckedAt: null,
      }),
    ]);
  });

  it('keeps nothing for a refused registration', async () => {
    const before = await getDb().clientCertificate.count();
    const refused = await callThroughTerminator(registerClient, await fixture.registrationRequest({ exp: 1e308 }));
    expect(refused.status).toBe(400);
    expect(await getDb().clientCertificate.count()).toBe(before);
  });
});
