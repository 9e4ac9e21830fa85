/** How the sandbox CA signs certificates: RSASSA-PKCS1-v1_5 with SHA-256, as the OB Directory's CAs do. */
export const CERTIFICATE_SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** The JOSE name of the CA keys' algorithm, used when importing them with jose. */
export const CA_KEY_JOSE_ALG = 'RS256';
