-- CreateTable
CREATE TABLE "AuditCounter" (
    "action" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "clientId" TEXT,
    "organisationId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "count" INTEGER NOT NULL,
    "recorded" BOOLEAN NOT NULL DEFAULT false,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditCounter_pkey" PRIMARY KEY ("action","key")
);

-- CreateIndex
CREATE INDEX "AuditCounter_closesAt_idx" ON "AuditCounter"("closesAt");
