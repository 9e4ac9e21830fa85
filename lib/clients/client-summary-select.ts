/** The columns every list of clients shows (My applications, the review queue, all clients), whichever way a client was made. */
export const CLIENT_SUMMARY_SELECT = {
  clientId: true,
  softwareClientName: true,
  softwareId: true,
  environment: true,
  creationMethod: true,
  status: true,
  tokenEndpointAuthMethod: true,
  createdAt: true,
  /** Enough of the kept certificates to flag expiry and revocation (`certificateAttention`). */
  certificates: { select: { notAfter: true, trustStatus: true } },
} as const;
