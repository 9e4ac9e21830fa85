-- CreateEnum
CREATE TYPE "CreationMethod" AS ENUM ('MCR', 'DCR');

-- CreateEnum
CREATE TYPE "ClientStatus" AS ENUM ('pending', 'active', 'suspended', 'revoked');

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "directoryOrgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "roles" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TppUser" (
    "id" TEXT NOT NULL,
    "directoryIssuer" TEXT NOT NULL,
    "directorySubject" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "organisationId" TEXT NOT NULL,
    "lastSignInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TppUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Admin" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "lastSignInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Admin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Client" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "softwareId" TEXT NOT NULL,
    "softwareClientName" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "creationMethod" "CreationMethod" NOT NULL,
    "status" "ClientStatus" NOT NULL,
    "tokenEndpointAuthMethod" TEXT NOT NULL,
    "tokenEndpointAuthSigningAlg" TEXT,
    "tlsClientAuthSubjectDn" TEXT,
    "idTokenSignedResponseAlg" TEXT,
    "requestObjectSigningAlg" TEXT,
    "applicationType" TEXT,
    "redirectUris" TEXT[],
    "scopes" TEXT[],
    "grantTypes" TEXT[],
    "responseTypes" TEXT[],
    "secretHash" TEXT,
    "secretTail" TEXT,
    "softwareStatement" TEXT NOT NULL,
    "softwareStatementClaims" JSONB NOT NULL,
    "registrationMetadata" JSONB NOT NULL,
    "validationReport" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "certificateThumbprint" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplayGuard" (
    "key" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplayGuard_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "clientId" TEXT,
    "organisationId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_directoryOrgId_key" ON "Organisation"("directoryOrgId");

-- CreateIndex
CREATE INDEX "TppUser_organisationId_idx" ON "TppUser"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "TppUser_directoryIssuer_directorySubject_key" ON "TppUser"("directoryIssuer", "directorySubject");

-- CreateIndex
CREATE UNIQUE INDEX "Admin_issuer_subject_key" ON "Admin"("issuer", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "Client_clientId_key" ON "Client"("clientId");

-- CreateIndex
CREATE INDEX "Client_organisationId_createdAt_idx" ON "Client"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "Client_softwareId_idx" ON "Client"("softwareId");

-- CreateIndex
CREATE INDEX "Client_status_createdAt_idx" ON "Client"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AccessToken_clientId_idx" ON "AccessToken"("clientId");

-- CreateIndex
CREATE INDEX "ReplayGuard_expiresAt_idx" ON "ReplayGuard"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_clientId_idx" ON "AuditEvent"("clientId");

-- CreateIndex
CREATE INDEX "AuditEvent_organisationId_idx" ON "AuditEvent"("organisationId");

-- AddForeignKey
ALTER TABLE "TppUser" ADD CONSTRAINT "TppUser_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
