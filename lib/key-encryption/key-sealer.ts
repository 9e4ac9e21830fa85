/**
 * What seals the bank's private keys before they are stored, and opens them again: the one seam where a KMS or HSM
 * takes the place of the local key-encryption key (README, Security). `loadKeySealer` chooses the implementation.
 */
export type KeySealer = {
  /** Names the key that seals now, without revealing it; every value sealed carries it as the JWE's `kid`. */
  kid: string;
  /** Seals `plaintext` as a compact JWE whose protected header names `kid`. */
  seal(plaintext: Uint8Array): Promise<string>;
  /** Opens a compact JWE this key sealed; rejects when another key sealed it or it was altered. */
  open(jwe: string): Promise<Uint8Array>;
};
