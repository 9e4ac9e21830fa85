import { randomBytes } from 'node:crypto';

import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';

import { createCertificateAuthority } from '../pki/create-certificate-authority';
import { issueCertifiedKey } from '../pki/issue-certified-key';
import { loadIssuingAuthority } from '../pki/load-issuing-authority';
import type { DirectoryState } from './directory-state';
import { SSA_SIGNING_SUBJECT } from './ssa-signing-subject';

/** Generates a fresh directory: CA, ID-token and SSA signing keys, cookie keys; no organisations yet. */
export async function createInitialState(now = new Date()): Promise<DirectoryState> {
  const certificateAuthority = await createCertificateAuthority(now);
  const authority = await loadIssuingAuthority(certificateAuthority);
  const idTokenKeys = await generateKeyPair('PS256', { modulusLength: 2048, extractable: true });
  return {
    version: 1,
    cookieKeys: [randomBytes(32).toString('base64url')],
    idTokenSigningKeys: [
      {
        kid: await calculateJwkThumbprint(await exportJWK(idTokenKeys.publicKey)),
        privateKeyPem: await exportPKCS8(idTokenKeys.privateKey),
        createdAt: now.toISOString(),
      },
    ],
    ssaSigningKeys: [await issueCertifiedKey(authority, SSA_SIGNING_SUBJECT, 'signing', now)],
    certificateAuthority,
    organisations: [],
    users: [],
    software: [],
  };
}
