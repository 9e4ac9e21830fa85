-- CreateTable
CREATE TABLE "RemoteClientRegistration" (
    "clientId" TEXT NOT NULL,
    "registrationClientUri" TEXT NOT NULL,
    "registrationAccessToken" TEXT NOT NULL,
    "metadataSha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RemoteClientRegistration_pkey" PRIMARY KEY ("clientId")
);

-- CreateTable
CREATE TABLE "ProvisioningTask" (
    "clientId" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 1,
    "syncedGeneration" INTEGER NOT NULL DEFAULT 0,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leasedUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvisioningTask_pkey" PRIMARY KEY ("clientId")
);

-- CreateIndex
CREATE INDEX "ProvisioningTask_runAt_idx" ON "ProvisioningTask"("runAt");
