import { readCertificate } from '@/lib/certificates/read-certificate';
import { readPsd2Attributes, type Psd2Reading } from '@/lib/certificates/read-psd2-attributes';

/** What the TPP's application page and the admin console read of a kept certificate (the DER only to read its PSD2 statement). */
export const KEPT_CERTIFICATE_SELECT = {
  certificate: true,
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

/** A kept certificate as shown: `KEPT_CERTIFICATE_SELECT` without the certificate, with its PSD2 statement read. */
export type KeptCertificateView = {
  /** The eIDAS/OBWAC evidence: PSD2 roles, NCA, organizationIdentifier (ETSI TS 119 495); none on a legacy OB certificate. */
  psd2: Psd2Reading;
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

/** The kept certificates as the pages show them: each one's PSD2 statement read, the certificate itself left out. */
export function toKeptCertificateViews(rows: ReadonlyArray<Omit<KeptCertificateView, 'psd2'> & { certificate: string }>): KeptCertificateView[] {
  return rows.map(({ certificate, ...row }) => {
    let psd2: Psd2Reading;
    try {
      const read = readCertificate(certificate);
      psd2 = readPsd2Attributes(read.certificate, read.subject);
    } catch {
      psd2 = { kind: 'unreadable', problem: 'the kept certificate could not be read' };
    }
    return { ...row, psd2 };
  });
}
