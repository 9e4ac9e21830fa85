import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { x509 } from '@/lib/certificates/x509';
import { createCrl, type CrlEntry } from '@/directory/pki/create-crl';
import { createOcspErrorResponse, createOcspResponse, type OcspCertificateStatus } from '@/directory/pki/create-ocsp-response';
import { createStatusTestAuthority, type StatusTestAuthority } from '@/lib/testing/certificate-status/create-status-test-pki';
import { startJwksServer, type TestJwksServer } from '@/lib/testing/jose-fixtures/start-jwks-server';

import { createCertificateStatusChecker } from './create-certificate-status-checker';

const MINUTE = 60_000;
// Whole seconds: a CRL carries its times to the second.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const REVOKED_AT = new Date(Math.floor((NOW.getTime() - 3_600_000) / 1000) * 1000);

type Leaf = Awaited<ReturnType<StatusTestAuthority['issue']>>;

let server: TestJwksServer;
let ca: StatusTestAuthority;
let otherCa: StatusTestAuthority;
let leaf: Leaf;
let bare: Leaf;
let delegated: Leaf;
let undelegated: Leaf;

// What the test's responder and CRL say; each test sets what it needs (beforeEach resets to "all good").
type Scenario = {
  ocsp: (request: Uint8Array) => Promise<Uint8Array | { status: number; location?: string; body?: Buffer }>;
  crl: () => Promise<Uint8Array | { status: number }>;
};
let scenario: Scenario;

function ocspAnswer(status: OcspCertificateStatus, options: { signer?: StatusTestAuthority['signer']; thisUpdate?: Date; nextUpdate?: Date | null; extra?: string[] } = {}) {
  return (request: Uint8Array) =>
    createOcspResponse(request, {
      signer: options.signer ?? ca.signer,
      statusOf: () => status,
      thisUpdate: options.thisUpdate ?? NOW,
      nextUpdate: options.nextUpdate === undefined ? new Date(NOW.getTime() + 10 * MINUTE) : options.nextUpdate,
      extraCertificates: options.extra,
    });
}

function crlAnswer(entries: CrlEntry[], options: { signer?: StatusTestAuthority['signer']; thisUpdate?: Date; nextUpdate?: Date | null } = {}) {
  return () =>
    createCrl({
      signer: options.signer ?? ca.signer,
      entries,
      thisUpdate: options.thisUpdate ?? NOW,
      nextUpdate: options.nextUpdate === undefined ? new Date(NOW.getTime() + 10 * MINUTE) : options.nextUpdate,
    });
}

function write(response: ServerResponse, answer: Uint8Array | { status: number; location?: string; body?: Buffer }, type: string): void {
  if (answer instanceof Uint8Array) {
    response.writeHead(200, { 'content-type': type }).end(Buffer.from(answer));
    return;
  }
  response.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end(answer.body ?? '');
}

function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

function checker(overrides: { allowedHosts?: string[]; maxAgeMs?: number; now?: () => Date } = {}) {
  return createCertificateStatusChecker({ allowedHosts: [server.host], maxAgeMs: 0, timeoutMs: 1_000, now: () => NOW, ...overrides });
}

beforeAll(async () => {
  server = await startJwksServer();
  server.serve('/ocsp', (request, response) => {
    void readBody(request).then(async (body) => write(response, await scenario.ocsp(body), 'application/ocsp-response'));
  });
  server.serve('/ca.crl', (_request, response) => {
    void scenario.crl().then((answer) => write(response, answer, 'application/pkix-crl'));
  });
  [ca, otherCa] = await Promise.all([createStatusTestAuthority('Status Test CA'), createStatusTestAuthority('Another Status Test CA')]);
  const sources = { ocsp: [server.url('/ocsp')], crl: [server.url('/ca.crl')] };
  [leaf, bare, delegated, undelegated] = await Promise.all([
    ca.issue(sources),
    ca.issue({}),
    ca.issue({ extendedKeyUsages: ['1.3.6.1.5.5.7.3.9'], subject: 'C=GB, O=OpenBanking, CN=Delegated OCSP Responder' }),
    ca.issue({ extendedKeyUsages: [x509.ExtendedKeyUsage.clientAuth], subject: 'C=GB, O=OpenBanking, CN=Not An OCSP Responder' }),
  ]);
});
afterAll(() => server.close());
beforeEach(() => {
  scenario = { ocsp: ocspAnswer({ status: 'good' }), crl: crlAnswer([]) };
});

describe('createCertificateStatusChecker: OCSP first', () => {
  it('answers good from the OCSP responder, with its nextUpdate, without reading the CRL', async () => {
    const before = server.requestCount('/ca.crl');
    const status = await checker()(leaf, ca.certificate);
    expect(status).toEqual({ status: 'good', source: 'ocsp', checkedAt: NOW, nextUpdate: new Date(NOW.getTime() + 10 * MINUTE) });
    expect(server.requestCount('/ca.crl')).toBe(before);
  });

  it('answers revoked, with the time and the reason the responder gave', async () => {
    scenario.ocsp = ocspAnswer({ status: 'revoked', revokedAt: REVOKED_AT, reason: 'keyCompromise' });
    expect(await checker()(leaf, ca.certificate)).toEqual({ status: 'revoked', source: 'ocsp', checkedAt: NOW, revokedAt: REVOKED_AT, reason: 'keyCompromise' });
  });

  it('accepts a responder the CA delegated (id-kp-OCSPSigning), embedded in the response', async () => {
    scenario.ocsp = ocspAnswer({ status: 'revoked', revokedAt: REVOKED_AT }, { signer: delegated.signer });
    expect(await checker()(leaf, ca.certificate)).toMatchObject({ status: 'revoked', source: 'ocsp', reason: null });
  });

  it('answers a certificate naming no OCSP responder and no CRL as not checkable, without any request', async () => {
    const before = server.requestCount();
    expect(await checker()(bare, ca.certificate)).toEqual({ status: 'not_checkable', checkedAt: NOW });
    expect(server.requestCount()).toBe(before);
  });
});

describe('createCertificateStatusChecker: an OCSP answer that cannot be used falls back to the CRL', () => {
  const OCSP = () => `OCSP ${server.url('/ocsp')}`;
  it.each<[string, () => Scenario['ocsp'], () => string]>([
    ['the responder does not know the certificate', () => ocspAnswer({ status: 'unknown' }), () => `${OCSP()}: the OCSP responder does not know this certificate ("unknown")`],
    ['the responder is down (HTTP 503)', () => async () => ({ status: 503 }), () => `${OCSP()}: OCSP endpoint answered HTTP 503, expected 200`],
    ['the responder answers tryLater', () => async () => createOcspErrorResponse('tryLater'), () => `${OCSP()}: the OCSP responder answered "tryLater"`],
    ['the answer is not OCSP', () => async () => new Uint8Array([1, 2, 3]), () => `${OCSP()}: the OCSP response is not a readable OCSP response`],
    [
      'the answer is signed by a key the CA never certified',
      () => async (request) => ocspAnswer({ status: 'good' }, { signer: { certificatePem: ca.signer.certificatePem, privateKeyPem: otherCa.signer.privateKeyPem } })(request),
      () => `${OCSP()}: the OCSP response is not signed by the certificate's authority or a responder it authorised`,
    ],
    [
      'the answer is signed by another CA',
      () => ocspAnswer({ status: 'good' }, { signer: otherCa.signer }),
      () => `${OCSP()}: the OCSP response is not signed by the certificate's authority or a responder it authorised`,
    ],
    [
      'the answer is signed by a certificate of the CA that is not an OCSP responder',
      () => ocspAnswer({ status: 'good' }, { signer: undelegated.signer }),
      () => `${OCSP()}: the OCSP response is not signed by the certificate's authority or a responder it authorised`,
    ],
    [
      'the answer is stale',
      () => ocspAnswer({ status: 'good' }, { thisUpdate: new Date(NOW.getTime() - 60 * MINUTE), nextUpdate: new Date(NOW.getTime() - 30 * MINUTE) }),
      () => `${OCSP()}: the OCSP response is stale ("nextUpdate" has passed)`,
    ],
    ['the answer is dated in the future', () => ocspAnswer({ status: 'good' }, { thisUpdate: new Date(NOW.getTime() + 10 * MINUTE) }), () => `${OCSP()}: the OCSP response is dated in the future ("thisUpdate")`],
    ['the answer is over the size cap', () => async () => new Uint8Array(70 * 1024), () => `${OCSP()}: OCSP response exceeds 65536 bytes`],
    [
      'the responder redirects to an internal address',
      () => async () => ({ status: 302, location: 'http://169.254.169.254/latest/meta-data/' }),
      () => `${OCSP()}: OCSP endpoint answered with a redirect (HTTP 302); redirects are not followed`,
    ],
  ])('%s: the CRL answers', async (_label, ocsp, problem) => {
    scenario.ocsp = ocsp();
    scenario.crl = crlAnswer([{ serialNumberHex: leaf.serialNumber, revokedAt: REVOKED_AT, reason: 'superseded' }]);
    expect(await checker()(leaf, ca.certificate)).toEqual({ status: 'revoked', source: 'crl', checkedAt: NOW, revokedAt: REVOKED_AT, reason: 'superseded' });
    // And when the CRL cannot be used either, the status is unknown and says why, source by source.
    scenario.crl = async () => ({ status: 500 });
    expect(await checker()(leaf, ca.certificate)).toEqual({
      status: 'unknown',
      checkedAt: NOW,
      problems: [problem(), `CRL ${server.url('/ca.crl')}: CRL endpoint answered HTTP 500, expected 200`],
    });
  });

  it('answers good from a CRL that does not list the certificate', async () => {
    scenario.ocsp = ocspAnswer({ status: 'unknown' });
    scenario.crl = crlAnswer([{ serialNumberHex: bare.serialNumber, revokedAt: REVOKED_AT }]);
    expect(await checker()(leaf, ca.certificate)).toEqual({ status: 'good', source: 'crl', checkedAt: NOW, nextUpdate: new Date(NOW.getTime() + 10 * MINUTE) });
  });
});

describe('createCertificateStatusChecker: a CRL that cannot be used', () => {
  const CRL = () => `CRL ${server.url('/ca.crl')}`;
  it.each<[string, () => Scenario['crl'], () => string]>([
    ['is signed by another CA', () => crlAnswer([], { signer: otherCa.signer }), () => `${CRL()}: the CRL is not issued by the certificate's authority`],
    [
      "carries the CA's name but another key's signature",
      () => crlAnswer([], { signer: { certificatePem: ca.signer.certificatePem, privateKeyPem: otherCa.signer.privateKeyPem } }),
      () => `${CRL()}: the CRL is not signed by the certificate's authority`,
    ],
    ['is stale', () => crlAnswer([], { thisUpdate: new Date(NOW.getTime() - 60 * MINUTE), nextUpdate: new Date(NOW.getTime() - 30 * MINUTE) }), () => `${CRL()}: the CRL is stale ("nextUpdate" has passed)`],
    ['is dated in the future', () => crlAnswer([], { thisUpdate: new Date(NOW.getTime() + 10 * MINUTE) }), () => `${CRL()}: the CRL is dated in the future ("thisUpdate")`],
    ['is not a CRL', () => async () => new Uint8Array([0x30, 0x00]), () => `${CRL()}: the CRL is not a readable X.509 CRL`],
    ['is over the size cap', () => async () => new Uint8Array(4 * 1024 * 1024 + 1), () => `${CRL()}: CRL response exceeds 4194304 bytes`],
  ])('%s: the status is unknown', async (_label, crl, problem) => {
    scenario.ocsp = async () => ({ status: 503 });
    scenario.crl = crl();
    const status = await checker()(leaf, ca.certificate);
    expect(status).toMatchObject({ status: 'unknown', problems: [expect.stringContaining('HTTP 503'), problem()] });
  });
});

describe('createCertificateStatusChecker: hosts', () => {
  it('refuses an OCSP responder or CRL on a host not in DIRECTORY_PKI_HOSTS, without any request', async () => {
    const before = server.requestCount();
    const status = await checker({ allowedHosts: ['pki.example'] })(leaf, ca.certificate);
    expect(status).toEqual({
      status: 'unknown',
      checkedAt: NOW,
      problems: [`OCSP ${server.url('/ocsp')}: OCSP host "${server.host}" is not allowed`, `CRL ${server.url('/ca.crl')}: CRL host "${server.host}" is not allowed`],
    });
    expect(server.requestCount()).toBe(before);
  });
});

describe('createCertificateStatusChecker: the cache', () => {
  it("keeps an answer until its nextUpdate, bounded by the maximum age, and asks again after", async () => {
    let now = NOW;
    const check = checker({ maxAgeMs: 5 * MINUTE, now: () => now });
    const asked = () => server.requestCount('/ocsp');
    const before = asked();
    await check(leaf, ca.certificate);
    await check(leaf, ca.certificate);
    expect(asked()).toBe(before + 1);
    // The maximum age (5 minutes) comes before the answer's nextUpdate (10): asked again after it.
    now = new Date(NOW.getTime() + 5 * MINUTE + 1);
    scenario.ocsp = ocspAnswer({ status: 'revoked', revokedAt: REVOKED_AT }, { thisUpdate: now });
    expect(await check(leaf, ca.certificate)).toMatchObject({ status: 'revoked' });
    expect(asked()).toBe(before + 2);
  });

  it('asks again once the nextUpdate passes, though the maximum age has not', async () => {
    let now = NOW;
    const check = checker({ maxAgeMs: 60 * MINUTE, now: () => now });
    scenario.ocsp = ocspAnswer({ status: 'good' }, { nextUpdate: new Date(NOW.getTime() + MINUTE) });
    const before = server.requestCount('/ocsp');
    await check(leaf, ca.certificate);
    now = new Date(NOW.getTime() + MINUTE + 1);
    await check(leaf, ca.certificate);
    expect(server.requestCount('/ocsp')).toBe(before + 2);
  });

  it('asks every time with a maximum age of 0, and shares one request between concurrent checks', async () => {
    const check = checker();
    const before = server.requestCount('/ocsp');
    await Promise.all([check(leaf, ca.certificate), check(leaf, ca.certificate), check(leaf, ca.certificate)]);
    await check(leaf, ca.certificate);
    expect(server.requestCount('/ocsp')).toBe(before + 2);
  });
});
