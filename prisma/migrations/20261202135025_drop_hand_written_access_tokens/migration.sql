-- DropForeignKey
ALTER TABLE "AccessToken" DROP CONSTRAINT "AccessToken_clientId_fkey";

-- DropTable
DROP TABLE "AccessToken";
