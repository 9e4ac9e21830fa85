-- CreateEnum
CREATE TYPE "RevokedSoftwarePolicy" AS ENUM ('refuse', 'hold');

-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "revokedSoftwareRegistrations" "RevokedSoftwarePolicy" NOT NULL DEFAULT 'refuse';

-- CreateTable
CREATE TABLE "SoftwareRevocation" (
    "id" TEXT NOT NULL,
    "softwareId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "clientId" TEXT,
    "reason" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedBy" TEXT NOT NULL,
    "liftedAt" TIMESTAMP(3),
    "liftedBy" TEXT,
    "liftReason" TEXT,

    CONSTRAINT "SoftwareRevocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganisationRevocation" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "clientId" TEXT,
    "reason" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedBy" TEXT NOT NULL,
    "liftedAt" TIMESTAMP(3),
    "liftedBy" TEXT,
    "liftReason" TEXT,

    CONSTRAINT "OrganisationRevocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SoftwareRevocation_softwareId_environment_liftedAt_idx" ON "SoftwareRevocation"("softwareId", "environment", "liftedAt");

-- CreateIndex
CREATE INDEX "SoftwareRevocation_liftedAt_revokedAt_idx" ON "SoftwareRevocation"("liftedAt", "revokedAt");

-- CreateIndex
CREATE INDEX "OrganisationRevocation_organisationId_liftedAt_idx" ON "OrganisationRevocation"("organisationId", "liftedAt");

-- CreateIndex
CREATE INDEX "OrganisationRevocation_liftedAt_revokedAt_idx" ON "OrganisationRevocation"("liftedAt", "revokedAt");

-- AddForeignKey
ALTER TABLE "OrganisationRevocation" ADD CONSTRAINT "OrganisationRevocation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
