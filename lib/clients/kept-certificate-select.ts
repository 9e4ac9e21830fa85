/** What the TPP's application page and the admin console show of a kept certificate (never the certificate itself). */
export const KEPT_CERTIFICATE_SELECT = {
  thumbprintS256: true,
  subjectDn: true,
  issuerDn: true,
  serialNumber: true,
  notBefore: true,
  notAfter: true,
  trustStatus: true,
  trustDetail: true,
  trustCheckedAt: true,
  createdAt: true,
} as const;

/** A kept certificate as shown: `KEPT_CERTIFICATE_SELECT`. */
export type KeptCertificateView = {
  thumbprintS256: string;
  subjectDn: string;
  issuerDn: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  trustStatus: string | null;
  trustDetail: string | null;
  trustCheckedAt: Date | null;
  createdAt: Date;
};

/** Oldest first: the last is the one the client registered most recently. */
export const KEPT_CERTIFICATE_ORDER = [{ createdAt: 'asc' }, { id: 'asc' }] as const;
