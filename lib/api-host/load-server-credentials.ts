// No `server-only`: the launcher runs this under tsx in plain Node.
import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { exportPKCS8, generateKeyPair, importPKCS8 } from 'jose';

import { x509 } from '../certificates/x509';

/** The embedded TLS terminator's key and certificate, and the local CA that clients trust (`ca.pem`). */
export type ServerCredentials = { keyPem: string; certPem: string; caPem: string };

const CA_SUBJECT = 'O=Onboard, CN=Onboard local TLS CA';
// PKCS#1 v1.5 with RSA keys: every TLS 1.2 client accepts it, and the OB cipher suites are ECDHE-RSA.
const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const KEY_ALG = 'RS256';
const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_MS = 10 * 365 * DAY_MS;
// Under the 398 days that browsers and Apple's TLS stack accept for a server certificate.
const SERVER_VALIDITY_MS = 397 * DAY_MS;
// Renewed at start-up this long before expiry, so a running terminator never serves an expired certificate.
const RENEW_BEFORE_MS = 30 * DAY_MS;
// Backdated so that a client whose clock runs slightly behind still accepts a fresh certificate.
const BACKDATE_MS = 5 * 60 * 1000;
// Always present, so `curl https://localhost:…` and `https://127.0.0.1:…` work whatever MTLS_URL names.
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

const FILES = { caKey: 'ca-key.pem', ca: 'ca.pem', key: 'server-key.pem', cert: 'server.pem' } as const;

type LocalCa = { certificate: x509.X509Certificate; privateKey: CryptoKey };

/**
 * Loads the embedded terminator's TLS credentials from `dir` (`<DATA_DIR>/mtls`), creating on first start a
 * self-signed "Onboard local TLS CA" (`ca.pem`, which clients trust) and a serverAuth certificate for
 * `hostnames` plus localhost, 127.0.0.1 and ::1. Later starts reuse them; the server certificate is
 * reissued when the names changed, when it expires within 30 days, or when the CA was replaced.
 */
export async function loadServerCredentials(dir: string, hostnames: string[], now = new Date()): Promise<ServerCredentials> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = (await readLocalCa(dir, now)) ?? (await createLocalCa(dir, now));
  const caPem = toPem(ca.certificate);
  const names = normaliseNames([...hostnames, ...LOCAL_NAMES]);
  const expectedNames = createSubjectAltName(names);

  const stored = await readServerFiles(dir);
  if (stored && (await isServerCertificateCurrent(stored, ca.certificate, expectedNames, now))) {
    return { ...stored, caPem };
  }
  const issued = await issueServerCertificate(ca, names, expectedNames, now);
  // Two files cannot change at once: a crash between the writes leaves a pair that does not match, which the next start replaces.
  await writeFileAtomically(path.join(dir, FILES.key), issued.keyPem, 0o600);
  await writeFileAtomically(path.join(dir, FILES.cert), issued.certPem, 0o600);
  return { ...issued, caPem };
}

async function readLocalCa(dir: string, now: Date): Promise<LocalCa | null> {
  const [certPem, keyPem] = await Promise.all([readOptional(path.join(dir, FILES.ca)), readOptional(path.join(dir, FILES.caKey))]);
  if (certPem === null || keyPem === null) return null;
  try {
    const certificate = new x509.X509Certificate(certPem);
    if (certificate.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS || !isKeyOf(keyPem, certificate)) return null;
    const privateKey = await importPKCS8(keyPem, KEY_ALG);
    return { certificate, privateKey };
  } catch {
    // Unreadable files are replaced rather than fatal: they hold nothing but what this module generates.
    return null;
  }
}

async function createLocalCa(dir: string, now: Date): Promise<LocalCa> {
  const keys = await generateKeyPair(KEY_ALG, { modulusLength: 2048, extractable: true });
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: CA_SUBJECT,
    keys,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      // pathLength 0: this CA signs the terminator's own certificate and nothing that could sign more.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  await writeFileAtomically(path.join(dir, FILES.caKey), await exportPKCS8(keys.privateKey), 0o600);
  await writeFileAtomically(path.join(dir, FILES.ca), toPem(certificate), 0o600);
  return { certificate, privateKey: keys.privateKey };
}

async function readServerFiles(dir: string): Promise<{ keyPem: string; certPem: string } | null> {
  const [keyPem, certPem] = await Promise.all([readOptional(path.join(dir, FILES.key)), readOptional(path.join(dir, FILES.cert))]);
  return keyPem === null || certPem === null ? null : { keyPem, certPem };
}

async function isServerCertificateCurrent(
  stored: { keyPem: string; certPem: string },
  caCertificate: x509.X509Certificate,
  expectedNames: x509.SubjectAlternativeNameExtension,
  now: Date,
): Promise<boolean> {
  try {
    const certificate = new x509.X509Certificate(stored.certPem);
    const names = certificate.getExtension(x509.SubjectAlternativeNameExtension);
    return (
      isKeyOf(stored.keyPem, certificate) &&
      certificate.notAfter.getTime() - now.getTime() >= RENEW_BEFORE_MS &&
      names !== null &&
      // Compared as DER: both sides are built from the same sorted list, so equal names encode equally.
      Buffer.from(names.value).equals(Buffer.from(expectedNames.value)) &&
      (await certificate.verify({ publicKey: caCertificate.publicKey, signatureOnly: true }))
    );
  } catch {
    return false;
  }
}

async function issueServerCertificate(
  ca: LocalCa,
  names: string[],
  subjectAltName: x509.SubjectAlternativeNameExtension,
  now: Date,
): Promise<{ keyPem: string; certPem: string }> {
  const keys = await generateKeyPair(KEY_ALG, { modulusLength: 2048, extractable: true });
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: `O=Onboard, CN=${names[0] ?? 'localhost'}`,
    issuer: ca.certificate.subject,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(Math.min(now.getTime() + SERVER_VALIDITY_MS, ca.certificate.notAfter.getTime())),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      subjectAltName,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate.publicKey),
    ],
  });
  return { keyPem: await exportPKCS8(keys.privateKey), certPem: toPem(certificate) };
}

function isKeyOf(keyPem: string, certificate: x509.X509Certificate): boolean {
  return createPublicKey(keyPem).export({ type: 'spki', format: 'der' }).equals(Buffer.from(certificate.publicKey.rawData));
}

/** Lower-case, without URL brackets or a trailing root dot, deduplicated; the first stays first (it names the subject). */
function normaliseNames(hostnames: string[]): string[] {
  const names = hostnames.map((name) => name.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase()).filter(Boolean);
  const [first, ...rest] = [...new Set(names)];
  return first === undefined ? [] : [first, ...rest.sort()];
}

function createSubjectAltName(names: string[]): x509.SubjectAlternativeNameExtension {
  // RFC 6125: clients match IP addresses only against iPAddress entries, host names only against dNSName ones.
  return new x509.SubjectAlternativeNameExtension(names.map((name) => ({ type: isIP(name) ? ('ip' as const) : ('dns' as const), value: name })));
}

function randomSerialNumber(): string {
  // Positive (high bit clear) and unpredictable, as RFC 5280 §4.1.2.2 and CA/B practice ask.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function toPem(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem')}\n`;
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function writeFileAtomically(file: string, content: string, mode: number): Promise<void> {
  // Temp file then rename: a reader (curl --cacert, a second start) never sees half a PEM.
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, content, { mode });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
