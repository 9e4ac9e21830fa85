import { z } from 'zod';

import { DIRECTORY_ROLES } from '../sandbox-accounts';

/** A directory role, as stored. */
export const directoryRoleSchema = z.enum(DIRECTORY_ROLES);

/** The environments a software statement can be issued for (OB `software_environment`). */
export const softwareEnvironmentSchema = z.enum(['sandbox', 'production']);

/** A software statement's environment. */
export type SoftwareEnvironment = z.infer<typeof softwareEnvironmentSchema>;

/** A private key (PKCS#8 PEM) with the certificate the sandbox CA issued for it. */
export const certifiedKeySchema = z.object({
  /** RFC 7638 thumbprint of the public key. */
  kid: z.string().min(1),
  privateKeyPem: z.string().min(1),
  certificatePem: z.string().min(1),
  createdAt: z.string().min(1),
});

/** A private key with its certificate. */
export type CertifiedKey = z.infer<typeof certifiedKeySchema>;

const revokedKeySchema = z.object({
  kid: z.string().min(1),
  use: z.enum(['sig', 'tls']),
  certificatePem: z.string().min(1),
  revokedAt: z.string().min(1),
});

/** A software key moved to the revoked keystore; only its certificate is kept. */
export type RevokedKey = z.infer<typeof revokedKeySchema>;

/** A certificate the issuing CA revoked: what its OCSP responder and CRL say of it. */
const revokedCertificateSchema = z.object({
  /** Lower-case hex, as @peculiar/x509 writes `serialNumber`. */
  serialNumberHex: z.string().regex(/^[0-9a-f]+$/),
  revokedAt: z.string().min(1),
  reason: z.enum(['unspecified', 'keyCompromise', 'superseded', 'cessationOfOperation']),
});

/** A revocation by the sandbox CA. */
export type RevokedCertificate = z.infer<typeof revokedCertificateSchema>;

const certificateAuthoritySchema = z.object({
  root: z.object({ privateKeyPem: z.string().min(1), certificatePem: z.string().min(1) }),
  issuing: z.object({ privateKeyPem: z.string().min(1), certificatePem: z.string().min(1) }),
  // A state written before the CA kept revocations has none.
  revoked: z.array(revokedCertificateSchema).default([]),
});

/** The sandbox CA's root and issuing keys and certificates. */
export type StoredCertificateAuthority = z.infer<typeof certificateAuthoritySchema>;

const organisationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(directoryRoleSchema),
  status: z.literal('Active'),
  registrationId: z.string().min(1),
});

/** A directory organisation (a TPP or the bank). */
export type Organisation = z.infer<typeof organisationSchema>;

const userSchema = z.object({
  /** Stable OIDC subject, generated once. */
  sub: z.string().min(1),
  email: z.string().min(1),
  // Sandbox credentials are public by design (the portal shows them), so they are kept as they are.
  password: z.string().min(1),
  name: z.string().min(1),
  orgId: z.string().min(1).optional(),
  groups: z.array(z.string().min(1)).optional(),
});

/** A directory user who can sign in to the portal. */
export type DirectoryUser = z.infer<typeof userSchema>;

const softwareSchema = z.object({
  softwareId: z.string().min(1),
  orgId: z.string().min(1),
  clientName: z.string().min(1),
  roles: z.array(directoryRoleSchema),
  redirectUris: z.array(z.string()),
  environment: softwareEnvironmentSchema,
  createdAt: z.string().min(1),
  signing: certifiedKeySchema,
  transport: certifiedKeySchema,
  revokedKeys: z.array(revokedKeySchema),
  /** The transport certificate's profile: legacy OB (`CN=<software_id>, OU=<org_id>`) or an OBWAC with its PSD2 statement. An older state loads as `ob`. */
  certificateProfile: z.enum(['ob', 'obwac']).default('ob'),
});

/** A software statement's record: metadata plus its current and revoked keys. */
export type Software = z.infer<typeof softwareSchema>;

/** Everything the sandbox directory persists in `<dataDir>/directory/state.json`. */
export const directoryStateSchema = z.object({
  version: z.literal(1),
  /** Keys that sign oidc-provider's cookies. */
  cookieKeys: z.array(z.string().min(32)).min(1),
  /** Keys that sign ID tokens; the last one is current. */
  idTokenSigningKeys: z.array(z.object({ kid: z.string().min(1), privateKeyPem: z.string().min(1), createdAt: z.string() })).min(1),
  /** Keys that sign SSAs; the last one is current, older ones stay published. */
  ssaSigningKeys: z.array(certifiedKeySchema).min(1),
  certificateAuthority: certificateAuthoritySchema,
  organisations: z.array(organisationSchema),
  users: z.array(userSchema),
  software: z.array(softwareSchema),
});

/** The sandbox directory's persisted state. */
export type DirectoryState = z.infer<typeof directoryStateSchema>;
