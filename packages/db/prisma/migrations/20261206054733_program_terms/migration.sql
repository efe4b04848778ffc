-- CreateTable
CREATE TABLE "ProgramTerms" (
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" TEXT,

    CONSTRAINT "ProgramTerms_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "TermsAcceptance" (
    "userId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TermsAcceptance_pkey" PRIMARY KEY ("userId","version")
);

-- AddForeignKey
ALTER TABLE "TermsAcceptance" ADD CONSTRAINT "TermsAcceptance_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TermsAcceptance" ADD CONSTRAINT "TermsAcceptance_version_fkey" FOREIGN KEY ("version") REFERENCES "ProgramTerms"("version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Versions count from 1.
ALTER TABLE "ProgramTerms" ADD CONSTRAINT "ProgramTerms_version_positive" CHECK ("version" >= 1);
