/** Subject of the certificate of the directory's SSA-signing keys. */
export const SSA_SIGNING_SUBJECT = 'C=GB, O=OpenBanking, CN=OpenBanking Sandbox Software Statement Signing';
