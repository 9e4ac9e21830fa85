-- Issue 15: the bank's signing keys are sealed under the key-encryption key. New rows hold only "privateKeyJwe"; a row
-- from before keeps its PEM in "privateKeyPem" until start-up (which holds the key, outside the database) seals it
-- and clears the PEM (lib/tokens/seal-legacy-signing-keys.ts).
-- AlterTable
ALTER TABLE "SigningKey" ADD COLUMN     "privateKeyJwe" TEXT,
ALTER COLUMN "privateKeyPem" DROP NOT NULL;
