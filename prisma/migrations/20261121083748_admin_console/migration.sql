-- AlterEnum
ALTER TYPE "ClientStatus" ADD VALUE 'rejected';

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "statusChangedAt" TIMESTAMP(3),
ADD COLUMN     "statusChangedBy" TEXT,
ADD COLUMN     "statusReason" TEXT;

-- CreateTable
CREATE TABLE "AuditChain" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "lastHash" TEXT NOT NULL,
    "lastEventId" BIGINT,

    CONSTRAINT "AuditChain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "mcrSandboxStatus" "ClientStatus" NOT NULL DEFAULT 'active',
    "mcrProductionStatus" "ClientStatus" NOT NULL DEFAULT 'pending',
    "dcrSandboxStatus" "ClientStatus" NOT NULL DEFAULT 'active',
    "dcrProductionStatus" "ClientStatus" NOT NULL DEFAULT 'pending',
    "maxSsaAgeSeconds" INTEGER,
    "tokenEndpointAuthMethods" TEXT[] DEFAULT ARRAY['private_key_jwt', 'tls_client_auth', 'client_secret_basic']::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);
