-- CreateTable
CREATE TABLE "ClientCertificate" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "certificate" TEXT NOT NULL,
    "thumbprintS256" TEXT NOT NULL,
    "subjectDn" TEXT NOT NULL,
    "issuerDn" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "trustStatus" TEXT,
    "trustDetail" TEXT,
    "trustCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClientCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledRun" (
    "name" TEXT NOT NULL,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "lastStartedAt" TIMESTAMP(3),
    "lastEndedAt" TIMESTAMP(3),
    "lastOutcome" TEXT,

    CONSTRAINT "ScheduledRun_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "ClientCertificate_notAfter_idx" ON "ClientCertificate"("notAfter");

-- CreateIndex
CREATE UNIQUE INDEX "ClientCertificate_clientId_thumbprintS256_key" ON "ClientCertificate"("clientId", "thumbprintS256");

-- AddForeignKey
ALTER TABLE "ClientCertificate" ADD CONSTRAINT "ClientCertificate_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("clientId") ON DELETE CASCADE ON UPDATE CASCADE;
