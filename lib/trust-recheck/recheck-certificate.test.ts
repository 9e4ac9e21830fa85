import { beforeAll, describe, expect, it } from 'vitest';

import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import type { x509 } from '@/lib/certificates/x509';
import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import { createStatusTestAuthority, type StatusTestAuthority } from '@/lib/testing/certificate-status/create-status-test-pki';
import { recheckCertificate, withoutUsableCertificate, type TrustSources } from './recheck-certificate';

let ca: StatusTestAuthority;
let otherCa: StatusTestAuthority;
let bare: x509.X509Certificate;

const LISTS = { software_jwks_revoked_endpoint: 'https://keystore.example/revoked.jwks' };
const der = (certificate: x509.X509Certificate) => Buffer.from(certificate.rawData).toString('base64');

function sources(overrides: Partial<TrustSources> = {}): TrustSources {
  return {
    fetchRevokedKeys: async () => ({ keys: [] }),
    // No host allowed: a certificate naming a source could not be checked, one naming none needs no request.
    checkCertificateStatus: createCertificateStatusChecker({ allowedHosts: [], maxAgeMs: 0 }),
    readCaCertificates: async () => [ca.signer.certificatePem],
    ...overrides,
  };
}

beforeAll(async () => {
  ca = await createStatusTestAuthority('Recheck Unit CA');
  otherCa = await createStatusTestAuthority('Another CA');
  bare = await ca.issue({});
});

describe('recheckCertificate', () => {
  it('calls a certificate naming no status source not checkable', async () => {
    expect(await recheckCertificate(der(bare), LISTS, sources(), new Date())).toEqual({
      status: 'not_checkable',
      detail: 'the transport certificate names neither an OCSP responder nor a CRL, so its authority publishes no status for it',
      problems: [],
    });
  });

  it('calls an expired certificate expired without asking anyone', async () => {
    const asked: string[] = [];
    const after = new Date(bare.notAfter.getTime() + 1000);
    const found = await recheckCertificate(der(bare), LISTS, sources({ fetchRevokedKeys: async (url) => (asked.push(url), { keys: [] }) }), after);
    expect(found).toEqual({ status: 'expired', detail: `the transport certificate expired on ${bare.notAfter.toISOString().slice(0, 10)}`, problems: [] });
    expect(asked).toEqual([]);
  });

  it('calls a certificate the bank no longer trusts the issuer of untrusted', async () => {
    const found = await recheckCertificate(der(bare), LISTS, sources({ readCaCertificates: async () => [otherCa.signer.certificatePem] }), new Date());
    expect(found.status).toBe('untrusted');
  });

  it('calls a list that cannot be read unknown, naming it', async () => {
    const fetchRevokedKeys = async () => {
      throw new JwksFetchError('timeout', 'JWKS fetch timed out');
    };
    expect(await recheckCertificate(der(bare), LISTS, sources({ fetchRevokedKeys }), new Date())).toEqual({
      status: 'unknown',
      detail: 'the software\'s list of revoked keys ("software_jwks_revoked_endpoint") could not be read, so whether this transport certificate is revoked cannot be established',
      problems: [],
    });
  });

  it('calls a status no source gave unknown, keeping why for the bank', async () => {
    const named = await ca.issue({ ocsp: ['http://ocsp.forbidden.example/'] });
    const found = await recheckCertificate(der(named), LISTS, sources(), new Date());
    expect(found).toMatchObject({ status: 'unknown', detail: expect.stringContaining('could not be established') });
    expect(found.problems.join(' ')).toContain('ocsp.forbidden.example');
  });
});

describe('withoutUsableCertificate', () => {
  const of = (...statuses: Array<string | null>) => statuses.map((status, index) => ({ status, index })) as Array<{ status: 'good'; index: number }>;

  it.each([
    ['one revoked certificate', of('revoked'), 0],
    ['a revoked one after an expired one', of('expired', 'revoked'), 1],
    ['two revoked ones: the newest', of('revoked', 'untrusted', 'revoked'), 2],
  ])('names the revocation for %s', (_label, found, index) => {
    expect(withoutUsableCertificate(found)?.index).toBe(index);
  });

  it.each([
    ['no certificate', of()],
    ['a good one besides the revoked one', of('revoked', 'good')],
    ['one not yet re-checked', of('revoked', null)],
    ['one whose status is unknown', of('unknown', 'revoked')],
    ['one that names no status source', of('revoked', 'not_checkable')],
    ['only expired ones', of('expired', 'expired')],
  ])('names none with %s', (_label, found) => {
    expect(withoutUsableCertificate(found)).toBeNull();
  });
});
