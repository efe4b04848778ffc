-- AlterEnum
ALTER TYPE "CommissionHoldReason" ADD VALUE 'REVIEW';

-- AlterEnum
ALTER TYPE "CommissionStatus" ADD VALUE 'REJECTED';

-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "rejectReason" TEXT,
ADD COLUMN     "rejectedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedById" TEXT;
