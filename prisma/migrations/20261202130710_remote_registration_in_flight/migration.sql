-- AlterTable
ALTER TABLE "RemoteClientRegistration" ALTER COLUMN "registrationClientUri" DROP NOT NULL,
ALTER COLUMN "registrationAccessToken" DROP NOT NULL,
ALTER COLUMN "metadataSha256" DROP NOT NULL;
