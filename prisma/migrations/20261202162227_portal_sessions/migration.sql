-- CreateTable
CREATE TABLE "PortalSession" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tppUserId" TEXT,
    "organisationId" TEXT,
    "adminId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PortalSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PortalSession_tppUserId_idx" ON "PortalSession"("tppUserId");

-- CreateIndex
CREATE INDEX "PortalSession_organisationId_idx" ON "PortalSession"("organisationId");

-- CreateIndex
CREATE INDEX "PortalSession_adminId_idx" ON "PortalSession"("adminId");

-- CreateIndex
CREATE INDEX "PortalSession_expiresAt_idx" ON "PortalSession"("expiresAt");

-- AddForeignKey
ALTER TABLE "PortalSession" ADD CONSTRAINT "PortalSession_tppUserId_fkey" FOREIGN KEY ("tppUserId") REFERENCES "TppUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalSession" ADD CONSTRAINT "PortalSession_adminId_fkey" FOREIGN KEY ("adminId") REFERENCES "Admin"("id") ON DELETE CASCADE ON UPDATE CASCADE;
