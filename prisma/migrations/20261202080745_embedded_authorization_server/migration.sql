-- CreateTable
CREATE TABLE "AuthorizationServerPayload" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "clientId" TEXT,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "AuthorizationServerPayload_pkey" PRIMARY KEY ("kind","id")
);

-- CreateIndex
CREATE INDEX "AuthorizationServerPayload_clientId_idx" ON "AuthorizationServerPayload"("clientId");

-- CreateIndex
CREATE INDEX "AuthorizationServerPayload_grantId_idx" ON "AuthorizationServerPayload"("grantId");

-- CreateIndex
CREATE INDEX "AuthorizationServerPayload_expiresAt_idx" ON "AuthorizationServerPayload"("expiresAt");
