-- AlterTable
ALTER TABLE "Policy" ADD COLUMN     "maxClientAssertionLifetimeSeconds" INTEGER NOT NULL DEFAULT 300,
ADD COLUMN     "maxRegistrationJwtLifetimeSeconds" INTEGER NOT NULL DEFAULT 3600;
