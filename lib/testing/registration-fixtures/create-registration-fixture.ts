import { createLocalJWKSet, exportJWK, importX509, type JWK } from 'jose';

import { JwksFetchError } from '@/lib/keys/jwks-fetch-error';
import type { ValidateRegistrationRequestDeps } from '@/lib/registration/validate-registration-request';
import { buildSoftwareStatementClaims, TEST_SSA_NOW } from '@/lib/testing/jose-fixtures/build-software-statement-claims';
import { createTestSigningKey, type TestSigningKey } from '@/lib/testing/jose-fixtures/create-test-signing-key';
import { signTestJws } from '@/lib/testing/jose-fixtures/sign-test-jws';

import { createTransportCertificates, type TransportCertificates } from './create-transport-certificates';
import { TEST_PKI_STATUS } from '@/lib/testing/certificate-status/test-pki-status';

/** The bank's `ASPSP_ORG_ID` in registration tests. */
export const TEST_ASPSP_ORG_ID = '0015800001ONBRDBNK';
/** The bank's `PORTAL_URL` in registration tests. */
export const TEST_PORTAL_URL = 'https://portal.bank.example';

/** An in-memory replay guard (what the database's insert-if-absent does), recording every call. */
export type MemoryReplayGuard = { claimJti: ValidateRegistrationRequestDeps['claimJti']; calls: Array<{ key: string; expiresAt: Date }> };

/** Everything a DCR test needs: keys, a signed SSA, the software JWKS, certificates, and builders. */
export type RegistrationFixture = {
  now: Date;
  /** The SSA's claims (`buildSoftwareStatementClaims`) and the SSA signed by the directory key. */
  ssaClaims: Record<string, unknown>;
  ssa: string;
  softwareId: string;
  orgId: string;
  softwareJwksEndpoint: string;
  /** The SSA's revoked-key lists: the software's and the organisation's, each served empty by `deps()`. */
  revokedJwksEndpoints: { software: string; organisation: string };
  directoryKey: TestSigningKey;
  /** The software's PS256 signing key, published with `use: sig`. */
  softwareKey: TestSigningKey;
  /** The software JWKS: `softwareKey` (`use: sig`) and the transport key (`use: tls`, `x5c` = [leaf, issuing CA]). */
  softwareJwks: { keys: JWK[] };
  certificates: TransportCertificates;
  /** Registration JWT claims valid at `now`; an override of `undefined` removes the claim. */
  claims(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Signs registration claims (default key: `softwareKey`; `header` overrides, `undefined` removes). */
  sign(claims: Record<string, unknown>, options?: { key?: TestSigningKey; header?: Record<string, unknown> }): Promise<string>;
  /**
   * Deps valid for `now`, with local resolvers over `jwks` (default `softwareJwks`), the leaf certificate, and
   * `revoked` as the revoked-key lists (default: both empty).
   */
  deps(
    overrides?: Partial<ValidateRegistrationRequestDeps>,
    jwks?: { keys: JWK[] },
    revoked?: Partial<Record<'software' | 'organisation', { keys: JWK[] }>>,
  ): ValidateRegistrationRequestDeps;
  createReplayGuard(): MemoryReplayGuard;
};

/** Builds the DCR fixture around `TEST_SSA_NOW`; no network: every key source is local. */
export async function createRegistrationFixture(): Promise<RegistrationFixture> {
  const now = TEST_SSA_NOW;
  const ssaClaims = buildSoftwareStatementClaims();
  const softwareId = ssaClaims.software_id as string;
  const orgId = ssaClaims.org_id as string;
  const softwareJwksEndpoint = ssaClaims.software_jwks_endpoint as string;
  const revokedJwksEndpoints = { software: ssaClaims.software_jwks_revoked_endpoint as string, organisation: ssaClaims.org_jwks_revoked_endpoint as string };
  const [directoryKey, softwareKey, certificates] = await Promise.all([
    createTestSigningKey('PS256', 'directory-ssa-key-1'),
    createTestSigningKey('PS256', 'software-sig-key-1'),
    createTransportCertificates(now, { softwareId, orgId, orgName: ssaClaims.org_name as string }),
  ]);
  const ssa = await signTestJws(ssaClaims, directoryKey);
  const transportJwk = await exportJWK(await importX509(certificates.leaf.pem, 'PS256', { extractable: true }));
  const softwareJwks = {
    keys: [
      softwareKey.publicJwk,
      {
        ...transportJwk,
        kid: 'software-tls-key-1',
        use: 'tls',
        x5c: [certificates.leaf.certificate, certificates.pki.issuing.certificate].map((certificate) => Buffer.from(certificate.rawData).toString('base64')),
      },
    ],
  };
  const seconds = Math.floor(now.getTime() / 1000);

  const createReplayGuard = (): MemoryReplayGuard => {
    const seen = new Set<string>();
    const calls: MemoryReplayGuard['calls'] = [];
    return {
      calls,
      claimJti: async (key, expiresAt) => {
        calls.push({ key, expiresAt });
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      },
    };
  };

  return {
    now,
    ssaClaims,
    ssa,
    softwareId,
    orgId,
    softwareJwksEndpoint,
    revokedJwksEndpoints,
    directoryKey,
    softwareKey,
    softwareJwks,
    certificates,
    claims(overrides = {}) {
      const claims: Record<string, unknown> = {
        iss: softwareId,
        iat: seconds - 10,
        exp: seconds + 300,
        jti: '3f6e1c52-8b0d-4a8e-9c1f-2d7b5a9e4c01',
        aud: TEST_ASPSP_ORG_ID,
        software_id: softwareId,
        software_statement: ssa,
        redirect_uris: ssaClaims.software_redirect_uris,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'PS256',
        grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
        response_types: ['code id_token'],
        id_token_signed_response_alg: 'PS256',
        request_object_signing_alg: 'PS256',
        scope: 'openid accounts payments',
        application_type: 'web',
      };
      for (const [name, value] of Object.entries(overrides)) {
        if (value === undefined) delete claims[name];
        // Defined, not assigned: a "__proto__" claim must be a claim, not the object's prototype.
        else Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return claims;
    },
    sign(claims, options = {}) {
      return signTestJws(claims, options.key ?? softwareKey, options.header);
    },
    deps(overrides = {}, jwks = softwareJwks, revoked = {}) {
      const refused = async () => {
        throw new JwksFetchError('url_refused', 'JWKS host is not allowed');
      };
      // One key set per deps, as production keeps one remote set per JWKS URL (and with it the imported keys).
      const softwareKeySet = createLocalJWKSet(jwks);
      const fetchJwks: ValidateRegistrationRequestDeps['fetchJwks'] = async (uri) => {
        if (uri === softwareJwksEndpoint) return structuredClone(jwks);
        if (uri === revokedJwksEndpoints.software) return structuredClone(revoked.software ?? { keys: [] });
        if (uri === revokedJwksEndpoints.organisation) return structuredClone(revoked.organisation ?? { keys: [] });
        return refused();
      };
      return {
        now,
        contentType: 'application/jwt',
        resolveSsaKey: createLocalJWKSet({ keys: [directoryKey.publicJwk] }),
        resolverFor: (uri) => (uri === softwareJwksEndpoint ? softwareKeySet : refused),
        // One directory host serves both, as the sandbox directory does.
        fetchJwks,
        fetchRevokedKeys: fetchJwks,
        trust: { issuers: ['OpenBanking Ltd'], environments: ['sandbox'] },
        ssaPolicy: { clockToleranceSeconds: 30 },
        registrationPolicy: { tokenEndpointAuthMethods: ['private_key_jwt', 'tls_client_auth'] },
        requestPolicy: { maxLifetimeSeconds: 3600 },
        audiences: [TEST_ASPSP_ORG_ID, TEST_PORTAL_URL],
        claimJti: createReplayGuard().claimJti,
        // Nothing revoked; the revocation tests go through the database (lib/clients/revoked-software-registration.test.ts).
        revocations: { findRevocations: async () => ({ software: null, organisation: null }), revokedSoftwarePolicy: 'refuse' },
        transportCertificate: { pem: certificates.leaf.pem, caCertificates: certificates.pki.caCertificates, requireInSoftwareJwks: true, ...TEST_PKI_STATUS },
        ...overrides,
      };
    },
    createReplayGuard,
  };
}
