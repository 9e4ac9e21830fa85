/*
 * Validation of the mTLS client (transport) certificate against the SSA: OB-RULES "The transport
 * certificate". Every check maps to `invalid_software_statement`; they run in this fixed order
 * (TRANSPORT_CERTIFICATE_CHECKS):
 *
 *   1. certificate.present        a certificate was forwarded by the TLS terminator
 *   2. certificate.parse          one readable X.509 certificate (PEM, or base64/hex DER)
 *   3. certificate.validity       notBefore ≤ now ≤ notAfter
 *   4. certificate.chain          an end-entity certificate, not self-signed, whose chain (signatures
 *                                 verified) ends in the CA bundle; every issuer a CA within its path
 *                                 length and dates
 *   5. certificate.subject        names the SSA's software (matchCertificateSubject: legacy OB or OBWAC)
 *   6. certificate.revocation     its authority has not revoked it: OCSP, then the CRL (`checkStatus`); when neither
 *                                 answers, refused unless the SSA's environment soft-fails. `invalid_client_metadata`
 *   7. certificate.software_jwks  *policy*, only when `requireInSoftwareJwks`: the certificate is `x5c[0]`
 *                                 of a `use: tls` key in the software JWKS
 *
 * 2 needs 1; 3–7 need 2 and otherwise all run, so every problem shows at once, except 6, which needs 3 and 4 (the
 * issuer whose answer counts is the one the chain verified).
 */
import type { JWK } from 'jose';

import type { CertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';
import { certificateStatusVerdict } from '@/lib/certificate-status/certificate-status-verdict';
import type { SoftwareStatementClaims } from '@/lib/software-statement/software-statement-claims';
import { createReportBuilder, type CheckDefinition } from '@/lib/validation/create-report-builder';
import type { ValidationReport } from '@/lib/validation/report';

import { createLruCache } from '../cache/create-lru-cache';
import { formatDistinguishedName } from './format-distinguished-name';
import { matchCertificateSubject, type CertificateSubjectProfile } from './match-certificate-subject';
import type { DistinguishedName } from './parse-distinguished-name';
import { readCertificate, type ReadCertificate } from './read-certificate';
import { readPsd2Attributes, rolesNotGranted, type Psd2Reading } from './read-psd2-attributes';
import { x509 } from './x509';

/** What the bank keeps of an accepted transport certificate. */
export type TransportCertificateInfo = {
  /** RFC 4514, most specific first: `CN=…,OU=…,O=OpenBanking,C=GB`. */
  subjectDn: string;
  issuerDn: string;
  notBefore: Date;
  notAfter: Date;
  /** base64url SHA-256 of the DER certificate: the `cnf.x5t#S256` that binds tokens to it (RFC 8705 §3.1). */
  thumbprintS256: string;
  /** Hexadecimal, as the certificate carries it. */
  serialNumber: string;
  /** The DER certificate, base64: kept with the client so that its trust is re-checked (`ClientCertificate`). */
  der: string;
};

/** What the bank keeps of a certificate it accepted as a transport certificate. */
export function toTransportCertificateInfo({ certificate, subject, issuer, thumbprintS256 }: ReadCertificate): TransportCertificateInfo {
  return {
    subjectDn: formatDistinguishedName(subject),
    issuerDn: formatDistinguishedName(issuer),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    thumbprintS256,
    serialNumber: certificate.serialNumber,
    der: Buffer.from(certificate.rawData).toString('base64'),
  };
}

/** What `validateTransportCertificate` needs besides the certificate and the SSA. */
export type ValidateTransportCertificateDeps = {
  now: Date;
  /** PEMs of the roots and intermediates that issue TPP certificates (`DIRECTORY_CA_BUNDLE`). */
  caCertificates: string[];
  /** The software statement's JWKS (`software_jwks_endpoint`), if it could be read. */
  softwareJwks?: { keys: JWK[] } | null;
  /** *policy*: the certificate must also appear as `x5c[0]` of a `use: tls` key in the software JWKS. */
  requireInSoftwareJwks: boolean;
  /** The certificate's revocation status from its authority (OCSP, CRL), cached. */
  checkStatus: CertificateStatusChecker;
  /** *policy*: `CERTIFICATE_STATUS_SOFT_FAIL`, the environments where an undeterminable status is let through. */
  statusSoftFailEnvironments: string[];
};

const CODE = 'invalid_software_statement' as const;

const CHECK = {
  present: {
    id: 'certificate.present',
    title: 'a client certificate was presented over mutual TLS',
    code: CODE,
    hint: 'Connect over mutual TLS with the transport certificate the directory issued for this software.',
  },
  parse: {
    id: 'certificate.parse',
    title: 'the certificate is a single readable X.509 certificate',
    code: CODE,
    hint: 'Present one X.509 certificate (PEM or DER), not a chain or a private key.',
  },
  validity: {
    id: 'certificate.validity',
    title: 'the certificate is within its validity period',
    code: CODE,
    hint: 'Issue a new transport certificate in the directory and present it.',
  },
  chain: {
    id: 'certificate.chain',
    title: 'the certificate is an end-entity certificate issued by a certificate authority the bank trusts',
    code: CODE,
    hint: "Use a transport certificate issued by the directory's certificate authority, not a self-signed or CA certificate.",
  },
  subject: {
    id: 'certificate.subject',
    title: "the certificate's subject belongs to the software statement's software",
    claim: 'software_id',
    code: CODE,
    hint: 'Use the transport certificate issued for this software: CN = software_id and OU = org_id (OB), or the org id in CN or organizationIdentifier (OBWAC).',
  },
  psd2Roles: {
    id: 'certificate.psd2_roles',
    title: "the certificate's PSD2 roles (eIDAS qcStatements) cover the software statement's roles",
    claim: 'software_roles',
    code: CODE,
    hint: 'Use an OBWAC whose PSD2 statement grants every role of the software statement (PSP_AI for AISP, PSP_PI for PISP, PSP_IC for CBPII, PSP_AS for ASPSP), or software with only the roles it grants.',
  },
  revocation: {
    id: 'certificate.revocation',
    title: "the certificate's authority has not revoked it (OCSP, CRL)",
    code: 'invalid_client_metadata',
    hint: 'Issue a new transport certificate in the directory and connect with it; if the directory could not be asked, try again shortly.',
  },
  softwareJwks: {
    id: 'certificate.software_jwks',
    title: "the certificate is published with \"use\": \"tls\" in the software's JWKS",
    claim: 'software_jwks_endpoint',
    code: CODE,
    hint: 'Present the transport certificate that the software statement\'s JWKS publishes (x5c) under "use": "tls".',
  },
} as const satisfies Record<string, CheckDefinition>;

/**
 * Every check of `validateTransportCertificate`, in order. The last, `certificate.software_jwks`, is a
 * policy: it is reported only when `requireInSoftwareJwks` is on.
 */
export const TRANSPORT_CERTIFICATE_CHECKS: readonly CheckDefinition[] = [
  CHECK.present,
  CHECK.parse,
  CHECK.validity,
  CHECK.chain,
  CHECK.subject,
  CHECK.psd2Roles,
  CHECK.revocation,
  CHECK.softwareJwks,
];

/** The ids of `TRANSPORT_CERTIFICATE_CHECKS`, in order. */
export const TRANSPORT_CERTIFICATE_CHECK_IDS: readonly string[] = TRANSPORT_CERTIFICATE_CHECKS.map((check) => check.id);

/** The id of the policy check, absent from the report when `requireInSoftwareJwks` is off. */
export const SOFTWARE_JWKS_CHECK_ID = CHECK.softwareJwks.id;

/**
 * Checks the mTLS client certificate against the SSA (OB-RULES "The transport certificate"): present,
 * readable, unexpired, chaining to the bank's CA bundle, belonging to the SSA's software, and (policy)
 * published in the software JWKS. Every failure maps to `invalid_software_statement`. `certificate`
 * is returned only when every check passed. An unreadable CA bundle entry is a fault and throws.
 */
export async function validateTransportCertificate(
  pem: string | null,
  ssa: SoftwareStatementClaims,
  deps: ValidateTransportCertificateDeps,
): Promise<{ report: ValidationReport; certificate: TransportCertificateInfo | null }> {
  const report = createReportBuilder();
  let read: ReadCertificate | null = null;
  const isPresent = await report.check(CHECK.present, () =>
    pem !== null && pem.trim() !== '' ? true : 'no client certificate was presented over mutual TLS',
  );
  await report.check(
    CHECK.parse,
    () => {
      const text = (pem ?? '').trim();
      if ((text.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length > 1) {
        return 'the transport certificate must be a single certificate, not a chain';
      }
      try {
        read = readCertificate(text);
        return true;
      } catch {
        return 'the transport certificate is not a valid X.509 certificate';
      }
    },
    isPresent,
  );
  const dependents = [
    CHECK.validity,
    CHECK.chain,
    CHECK.subject,
    CHECK.psd2Roles,
    CHECK.revocation,
    ...(deps.requireInSoftwareJwks ? [CHECK.softwareJwks] : []),
  ];
  // Assigned inside the parse check; TypeScript cannot see through the callback.
  const parsed = read as ReadCertificate | null;
  if (parsed === null) {
    dependents.forEach((check) => report.skip(check));
    return { report: report.build(), certificate: null };
  }

  const { certificate, subject, issuer } = parsed;
  const isWithinValidity = await report.check(CHECK.validity, () => {
    if (deps.now.getTime() < certificate.notBefore.getTime()) return 'the transport certificate is not valid yet ("notBefore" is in the future)';
    if (deps.now.getTime() > certificate.notAfter.getTime()) return 'the transport certificate has expired ("notAfter" is in the past)';
    return true;
  });
  let issuerCertificate: x509.X509Certificate | null = null;
  const isChained = await report.check(CHECK.chain, async () => {
    const verdict = await checkChain(parsed, deps);
    if (typeof verdict === 'string') return verdict;
    issuerCertificate = verdict.issuer;
    return true;
  });
  const profile = matchCertificateSubject(subject, ssa);
  const isOwned = await report.check(CHECK.subject, () =>
    profile !== null ? true : 'the transport certificate\'s subject does not name the software statement\'s "software_id" and "org_id"',
  );
  await report.check(CHECK.psd2Roles, () => checkPsd2Roles(readPsd2Attributes(certificate, subject), profile, ssa.software_roles), isOwned);
  const chainIssuer = issuerCertificate as x509.X509Certificate | null;
  await report.check(
    CHECK.revocation,
    async () =>
      certificateStatusVerdict(
        await deps.checkStatus(certificate, chainIssuer as x509.X509Certificate),
        'transport certificate',
        deps.statusSoftFailEnvironments.includes(ssa.software_environment ?? ''),
      ),
    isWithinValidity && isChained && chainIssuer !== null,
  );
  if (deps.requireInSoftwareJwks) {
    await report.check(CHECK.softwareJwks, () => checkPublished(certificate, deps.softwareJwks ?? null));
  }

  const built = report.build();
  if (!built.ok) return { report: built, certificate: null };
  return {
    report: built,
    certificate: toTransportCertificateInfo(parsed),
  };
}

const UNTRUSTED = 'the transport certificate was not issued by a certificate authority the bank trusts';

async function checkChain(
  { certificate, thumbprintS256 }: ReadCertificate,
  deps: ValidateTransportCertificateDeps,
): Promise<{ issuer: x509.X509Certificate } | string> {
  // A bundle entry that does not parse is the bank's misconfiguration, not the TPP's: let it throw.
  const authorities = parseAuthorities(deps.caCertificates);
  if (basicConstraints(certificate)?.ca) return 'the transport certificate is a CA certificate; an end-entity certificate is required';
  let chain: x509.X509Certificate[];
  try {
    if (await certificate.isSelfSigned()) return 'the transport certificate is self-signed; it must be issued by a certificate authority the bank trusts';
    chain = await buildTrustedChain(certificate, thumbprintS256, authorities);
  } catch {
    // A signature algorithm WebCrypto cannot verify, or a circular bundle: no trusted chain either way.
    return UNTRUSTED;
  }
  if (chain.length < 2) return UNTRUSTED;
  for (const [index, authority] of chain.entries()) {
    if (index === 0) continue;
    // RFC 5280 §4.2.1.9/§4.2.1.3: an issuer must be a CA allowed to sign certificates, within its path length.
    const constraints = basicConstraints(authority);
    const usages = authority.getExtension(x509.KeyUsagesExtension);
    const isCertificateSigner = usages === null || (usages.usages & x509.KeyUsageFlags.keyCertSign) !== 0;
    const isWithinPathLength = constraints?.pathLength === undefined || index - 1 <= constraints.pathLength;
    if (!constraints?.ca || !isCertificateSigner || !isWithinPathLength) return UNTRUSTED;
    if (deps.now.getTime() < authority.notBefore.getTime() || deps.now.getTime() > authority.notAfter.getTime()) {
      return 'a certificate authority in the transport certificate\'s chain is outside its validity period';
    }
  }
  return { issuer: chain[1] as x509.X509Certificate };
}

// Parsing the bundle and building the chain (ASN.1, key imports, signature checks) cost milliseconds per
// request, yet give the same answer for the same certificate and bundle: they are memoised. Everything that
// depends on the time (validity, constraints) is still checked on every request.
let parsedBundle: { pems: string[]; key: string; authorities: x509.X509Certificate[] } | null = null;
const chainCache = createLruCache<x509.X509Certificate[]>(1_000);

function parseAuthorities(caCertificates: string[]): x509.X509Certificate[] {
  // The bundle reader hands out the same array until the file changes: no need to compare its text then.
  if (parsedBundle?.pems === caCertificates) return parsedBundle.authorities;
  const bundleKey = caCertificates.join('\n');
  if (parsedBundle?.key !== bundleKey) {
    parsedBundle = { pems: caCertificates, key: bundleKey, authorities: caCertificates.map((pem) => new x509.X509Certificate(pem)) };
    chainCache.clear();
  }
  parsedBundle.pems = caCertificates;
  return parsedBundle.authorities;
}

// `leafKey`: the certificate's SHA-256 thumbprint, which reading it computed already.
async function buildTrustedChain(certificate: x509.X509Certificate, leafKey: string, authorities: x509.X509Certificate[]): Promise<x509.X509Certificate[]> {
  const cached = chainCache.get(leafKey);
  if (cached) return cached;
  // The builder only picks issuers from the bank's bundle, matching names and verifying each signature,
  // so a chain longer than the certificate itself ends in one of the bank's roots or intermediates.
  const chain = [...(await new x509.X509ChainBuilder({ certificates: authorities }).build(certificate))];
  chainCache.set(leafKey, chain);
  return chain;
}

/**
 * The certificate authority in `caCertificates` that issued `certificate`, its signature verified (memoised as the
 * chain check is), or null when none did. The token endpoint asks it for the certificate's revocation status.
 */
export async function findTrustedIssuer(
  { certificate, thumbprintS256 }: Pick<ReadCertificate, 'certificate' | 'thumbprintS256'>,
  caCertificates: string[],
): Promise<x509.X509Certificate | null> {
  try {
    const chain = await buildTrustedChain(certificate, thumbprintS256, parseAuthorities(caCertificates));
    return chain[1] ?? null;
  } catch {
    return null;
  }
}

// OB-RULES *Trust over time*, eIDAS roles: an OBWAC's PSD2 statement must grant every role the SSA claims. A legacy
// OB certificate carries no statement and passes: its subject alone ties it to the software.
function checkPsd2Roles(reading: Psd2Reading, profile: CertificateSubjectProfile | null, softwareRoles: readonly string[]): true | string {
  if (reading.kind === 'unreadable') return `the certificate's PSD2 statement (qcStatements) could not be read: ${reading.problem}`;
  if (reading.kind === 'none') return profile === 'obwac' ? 'the OBWAC carries no PSD2 statement (ETSI TS 119 495) naming its roles' : true;
  const missing = rolesNotGranted(softwareRoles, reading.attributes);
  if (missing.length === 0) return true;
  const granted = reading.attributes.roles.map((role) => role.name).join(', ');
  return `the certificate's PSD2 statement grants ${granted}, not the software statement's ${missing.join(', ')}`;
}

function basicConstraints(certificate: x509.X509Certificate): x509.BasicConstraintsExtension | null {
  return certificate.getExtension(x509.BasicConstraintsExtension);
}

function checkPublished(certificate: x509.X509Certificate, jwks: { keys: JWK[] } | null): true | string {
  if (jwks === null) return "the software statement's JWKS could not be read to find the transport certificate";
  const der = Buffer.from(certificate.rawData);
  const isPublished = jwks.keys.some((key) => {
    const [first] = Array.isArray(key.x5c) ? key.x5c : [];
    // RFC 7517 §4.7: x5c entries are base64 (not base64url) DER.
    return key.use === 'tls' && typeof first === 'string' && Buffer.from(first, 'base64').equals(der);
  });
  return isPublished ? true : 'the transport certificate is not published with "use": "tls" in the software statement\'s JWKS';
}
