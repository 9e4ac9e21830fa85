import { createCertificateStatusChecker } from '@/lib/certificate-status/create-certificate-status-checker';

/**
 * The revocation-status dependencies for the test PKI (`create-test-pki.ts`): its certificates name no OCSP
 * responder and no CRL, so the real checker answers `not_checkable` for them without making a request, and an
 * empty allow-list makes sure it never could. Hard-fail everywhere, as the product's default.
 */
export const TEST_PKI_STATUS = {
  checkStatus: createCertificateStatusChecker({ allowedHosts: [], maxAgeMs: 0 }),
  statusSoftFailEnvironments: [] as string[],
};
