-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "anonymityThreshold" INTEGER NOT NULL DEFAULT 5,
    "mfaRequired" BOOLEAN NOT NULL DEFAULT true,
    "retentionMonths" INTEGER NOT NULL DEFAULT 72,
    "retentionRunAt" TIMESTAMP(3),
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "crisisRoutesText" TEXT NOT NULL DEFAULT 'If they are at immediate risk, stay with them and call 999. For urgent support: their GP or NHS 111 (option 2 for mental health), occupational health, or Samaritans on 116 123, any time.',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "mergedIntoId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamHeadcount" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "periodMonth" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,

    CONSTRAINT "TeamHeadcount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "disabledAt" TIMESTAMP(3),
    "isDemoAccount" BOOLEAN NOT NULL DEFAULT false,
    "totpSecretEncrypted" TEXT,
    "totpEnabledAt" TIMESTAMP(3),
    "totpLastStep" INTEGER,
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthFailure" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Password" (
    "userId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Password_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "UserRole_pkey" PRIMARY KEY ("userId","role")
);

-- CreateTable
CREATE TABLE "ManagerRemit" (
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,

    CONSTRAINT "ManagerRemit_pkey" PRIMARY KEY ("userId","teamId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "displayNameEncrypted" TEXT,
    "teamId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "importBatchId" TEXT,
    "anonymisedAt" TIMESTAMP(3),

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseAssignment" (
    "staffMemberId" TEXT NOT NULL,
    "supporterId" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseAssignment_pkey" PRIMARY KEY ("staffMemberId","supporterId")
);

-- CreateTable
CREATE TABLE "Exposure" (
    "id" SERIAL NOT NULL,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "occurredMonth" TEXT NOT NULL,
    "occurredWeek" TEXT NOT NULL,
    "incidentType" TEXT NOT NULL,
    "involvement" TEXT NOT NULL,
    "informationReached" INTEGER,
    "initiativeId" TEXT,
    "initialDistress" INTEGER,
    "notesEncrypted" TEXT,
    "idempotencyKey" TEXT,
    "deletedAt" TIMESTAMP(3),
    "deletedReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "importBatchId" TEXT,

    CONSTRAINT "Exposure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExposurePartnerAgency" (
    "exposureId" INTEGER NOT NULL,
    "agency" TEXT NOT NULL,

    CONSTRAINT "ExposurePartnerAgency_pkey" PRIMARY KEY ("exposureId","agency")
);

-- CreateTable
CREATE TABLE "ExposureBarrier" (
    "exposureId" INTEGER NOT NULL,
    "barrier" TEXT NOT NULL,

    CONSTRAINT "ExposureBarrier_pkey" PRIMARY KEY ("exposureId","barrier")
);

-- CreateTable
CREATE TABLE "SupportContact" (
    "id" SERIAL NOT NULL,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "contactType" TEXT NOT NULL,
    "contactedAt" TIMESTAMP(3) NOT NULL,
    "contactedMonth" TEXT NOT NULL,
    "contactedWeek" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'individual',
    "durationMinutes" INTEGER,
    "distress" INTEGER,
    "outcome" TEXT NOT NULL,
    "notesEncrypted" TEXT,
    "idempotencyKey" TEXT,
    "deletedAt" TIMESTAMP(3),
    "deletedReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "importBatchId" TEXT,

    CONSTRAINT "SupportContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportContactExposure" (
    "supportContactId" INTEGER NOT NULL,
    "exposureId" INTEGER NOT NULL,

    CONSTRAINT "SupportContactExposure_pkey" PRIMARY KEY ("supportContactId","exposureId")
);

-- CreateTable
CREATE TABLE "SupportContactRiskIndicator" (
    "supportContactId" INTEGER NOT NULL,
    "indicator" TEXT NOT NULL,

    CONSTRAINT "SupportContactRiskIndicator_pkey" PRIMARY KEY ("supportContactId","indicator")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" SERIAL NOT NULL,
    "supportContactId" INTEGER NOT NULL,
    "destination" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUpProtocolStep" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "offsetHours" INTEGER NOT NULL,
    "contactType" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FollowUpProtocolStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" SERIAL NOT NULL,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "exposureId" INTEGER,
    "protocolStepId" TEXT,
    "label" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "assignedToId" TEXT,
    "completedAt" TIMESTAMP(3),
    "completedByContactId" INTEGER,
    "cancelledAt" TIMESTAMP(3),
    "cancelledReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Initiative" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "startDate" TIMESTAMP(3) NOT NULL,
    "endDate" TIMESTAMP(3),
    "outcomeMeasures" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Initiative_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InitiativeTeam" (
    "initiativeId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,

    CONSTRAINT "InitiativeTeam_pkey" PRIMARY KEY ("initiativeId","teamId")
);

-- CreateTable
CREATE TABLE "InitiativePartnerAgency" (
    "initiativeId" TEXT NOT NULL,
    "agency" TEXT NOT NULL,

    CONSTRAINT "InitiativePartnerAgency_pkey" PRIMARY KEY ("initiativeId","agency")
);

-- CreateTable
CREATE TABLE "Pulse" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "openedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pulse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseResponse" (
    "id" SERIAL NOT NULL,
    "organisationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "pulseId" TEXT,
    "week" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "who5Item1" INTEGER NOT NULL,
    "who5Item2" INTEGER NOT NULL,
    "who5Item3" INTEGER NOT NULL,
    "who5Item4" INTEGER NOT NULL,
    "who5Item5" INTEGER NOT NULL,
    "who5Percent" INTEGER NOT NULL,
    "informationSharing" INTEGER,

    CONSTRAINT "PulseResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "organisationId" TEXT,
    "actorUserId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "detail" TEXT,
    "ipAddress" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordRevision" (
    "id" SERIAL NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "changedById" TEXT,
    "changes" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "rowsImported" INTEGER NOT NULL,
    "rowsSkipped" INTEGER NOT NULL,
    "runById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportUpload" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportUpload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessingRecord" (
    "organisationId" TEXT NOT NULL,
    "controller" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "purposes" TEXT NOT NULL,
    "lawfulBasis" TEXT NOT NULL,
    "specialCategoryBasis" TEXT NOT NULL,
    "dataHeld" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "safeguards" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessingRecord_pkey" PRIMARY KEY ("organisationId")
);

-- CreateTable
CREATE TABLE "SubjectAccessRequest" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "requestedById" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedById" TEXT,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "SubjectAccessRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExposureTally" (
    "teamId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "incidentType" TEXT NOT NULL,
    "exposures" INTEGER NOT NULL,

    CONSTRAINT "ExposureTally_pkey" PRIMARY KEY ("teamId","staffMemberId","incidentType")
);

-- CreateTable
CREATE TABLE "AgencyTally" (
    "teamId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "agency" TEXT NOT NULL,
    "exposures" INTEGER NOT NULL,

    CONSTRAINT "AgencyTally_pkey" PRIMARY KEY ("teamId","staffMemberId","agency")
);

-- CreateTable
CREATE TABLE "TrendMonthVersion" (
    "organisationId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TrendMonthVersion_pkey" PRIMARY KEY ("organisationId","month")
);

-- CreateTable
CREATE TABLE "TrendMonthCache" (
    "organisationId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "figures" TEXT NOT NULL,
    "validUntil" TIMESTAMP(3),
    "protection" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrendMonthCache_pkey" PRIMARY KEY ("organisationId","month","scopeKey")
);

-- CreateTable
CREATE TABLE "TrendBulkWrite" (
    "importBatchId" TEXT NOT NULL,

    CONSTRAINT "TrendBulkWrite_pkey" PRIMARY KEY ("importBatchId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Service_organisationId_name_key" ON "Service"("organisationId", "name");

-- CreateIndex
CREATE INDEX "Team_serviceId_idx" ON "Team"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_organisationId_name_key" ON "Team"("organisationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "TeamHeadcount_teamId_periodMonth_key" ON "TeamHeadcount"("teamId", "periodMonth");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_userId_idx" ON "Invitation"("userId");

-- CreateIndex
CREATE INDEX "AuthFailure_key_createdAt_idx" ON "AuthFailure"("key", "createdAt");

-- CreateIndex
CREATE INDEX "ManagerRemit_teamId_idx" ON "ManagerRemit"("teamId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "StaffMember_teamId_idx" ON "StaffMember"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_organisationId_reference_key" ON "StaffMember"("organisationId", "reference");

-- CreateIndex
CREATE INDEX "CaseAssignment_supporterId_idx" ON "CaseAssignment"("supporterId");

-- CreateIndex
CREATE UNIQUE INDEX "Exposure_idempotencyKey_key" ON "Exposure"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Exposure_organisationId_occurredMonth_idx" ON "Exposure"("organisationId", "occurredMonth");

-- CreateIndex
CREATE INDEX "Exposure_teamId_occurredMonth_idx" ON "Exposure"("teamId", "occurredMonth");

-- CreateIndex
CREATE INDEX "Exposure_staffMemberId_occurredAt_idx" ON "Exposure"("staffMemberId", "occurredAt");

-- CreateIndex
CREATE INDEX "Exposure_initiativeId_idx" ON "Exposure"("initiativeId");

-- CreateIndex
CREATE INDEX "Exposure_importBatchId_idx" ON "Exposure"("importBatchId");

-- CreateIndex
CREATE INDEX "ExposureBarrier_barrier_idx" ON "ExposureBarrier"("barrier");

-- CreateIndex
CREATE UNIQUE INDEX "SupportContact_idempotencyKey_key" ON "SupportContact"("idempotencyKey");

-- CreateIndex
CREATE INDEX "SupportContact_organisationId_contactedMonth_idx" ON "SupportContact"("organisationId", "contactedMonth");

-- CreateIndex
CREATE INDEX "SupportContact_staffMemberId_contactedAt_idx" ON "SupportContact"("staffMemberId", "contactedAt");

-- CreateIndex
CREATE INDEX "SupportContact_importBatchId_idx" ON "SupportContact"("importBatchId");

-- CreateIndex
CREATE INDEX "SupportContactExposure_exposureId_idx" ON "SupportContactExposure"("exposureId");

-- CreateIndex
CREATE INDEX "Referral_supportContactId_idx" ON "Referral"("supportContactId");

-- CreateIndex
CREATE INDEX "FollowUp_organisationId_dueAt_idx" ON "FollowUp"("organisationId", "dueAt");

-- CreateIndex
CREATE INDEX "FollowUp_assignedToId_completedAt_dueAt_idx" ON "FollowUp"("assignedToId", "completedAt", "dueAt");

-- CreateIndex
CREATE INDEX "FollowUp_staffMemberId_idx" ON "FollowUp"("staffMemberId");

-- CreateIndex
CREATE INDEX "FollowUp_exposureId_idx" ON "FollowUp"("exposureId");

-- CreateIndex
CREATE UNIQUE INDEX "Initiative_organisationId_name_key" ON "Initiative"("organisationId", "name");

-- CreateIndex
CREATE INDEX "InitiativeTeam_teamId_idx" ON "InitiativeTeam"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "Pulse_code_key" ON "Pulse"("code");

-- CreateIndex
CREATE INDEX "Pulse_organisationId_createdAt_idx" ON "Pulse"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "PulseResponse_teamId_month_idx" ON "PulseResponse"("teamId", "month");

-- CreateIndex
CREATE INDEX "PulseResponse_organisationId_month_idx" ON "PulseResponse"("organisationId", "month");

-- CreateIndex
CREATE INDEX "PulseResponse_pulseId_idx" ON "PulseResponse"("pulseId");

-- CreateIndex
CREATE INDEX "AuditEvent_organisationId_createdAt_idx" ON "AuditEvent"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_actorUserId_createdAt_idx" ON "AuditEvent"("actorUserId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "RecordRevision_entityType_entityId_changedAt_idx" ON "RecordRevision"("entityType", "entityId", "changedAt");

-- CreateIndex
CREATE INDEX "ImportBatch_organisationId_createdAt_idx" ON "ImportBatch"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "ImportUpload_organisationId_createdAt_idx" ON "ImportUpload"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "SubjectAccessRequest_staffMemberId_idx" ON "SubjectAccessRequest"("staffMemberId");

-- CreateIndex
CREATE INDEX "ExposureTally_staffMemberId_idx" ON "ExposureTally"("staffMemberId");

-- CreateIndex
CREATE INDEX "AgencyTally_staffMemberId_idx" ON "AgencyTally"("staffMemberId");

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamHeadcount" ADD CONSTRAINT "TeamHeadcount_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Password" ADD CONSTRAINT "Password_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserRole" ADD CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManagerRemit" ADD CONSTRAINT "ManagerRemit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManagerRemit" ADD CONSTRAINT "ManagerRemit_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAssignment" ADD CONSTRAINT "CaseAssignment_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAssignment" ADD CONSTRAINT "CaseAssignment_supporterId_fkey" FOREIGN KEY ("supporterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exposure" ADD CONSTRAINT "Exposure_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExposurePartnerAgency" ADD CONSTRAINT "ExposurePartnerAgency_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExposureBarrier" ADD CONSTRAINT "ExposureBarrier_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContact" ADD CONSTRAINT "SupportContact_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContact" ADD CONSTRAINT "SupportContact_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContact" ADD CONSTRAINT "SupportContact_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContact" ADD CONSTRAINT "SupportContact_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContactExposure" ADD CONSTRAINT "SupportContactExposure_supportContactId_fkey" FOREIGN KEY ("supportContactId") REFERENCES "SupportContact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContactExposure" ADD CONSTRAINT "SupportContactExposure_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportContactRiskIndicator" ADD CONSTRAINT "SupportContactRiskIndicator_supportContactId_fkey" FOREIGN KEY ("supportContactId") REFERENCES "SupportContact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_supportContactId_fkey" FOREIGN KEY ("supportContactId") REFERENCES "SupportContact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpProtocolStep" ADD CONSTRAINT "FollowUpProtocolStep_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_protocolStepId_fkey" FOREIGN KEY ("protocolStepId") REFERENCES "FollowUpProtocolStep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_completedByContactId_fkey" FOREIGN KEY ("completedByContactId") REFERENCES "SupportContact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Initiative" ADD CONSTRAINT "Initiative_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InitiativeTeam" ADD CONSTRAINT "InitiativeTeam_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InitiativeTeam" ADD CONSTRAINT "InitiativeTeam_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InitiativePartnerAgency" ADD CONSTRAINT "InitiativePartnerAgency_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pulse" ADD CONSTRAINT "Pulse_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pulse" ADD CONSTRAINT "Pulse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pulse" ADD CONSTRAINT "Pulse_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseResponse" ADD CONSTRAINT "PulseResponse_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseResponse" ADD CONSTRAINT "PulseResponse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseResponse" ADD CONSTRAINT "PulseResponse_pulseId_fkey" FOREIGN KEY ("pulseId") REFERENCES "Pulse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_runById_fkey" FOREIGN KEY ("runById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportUpload" ADD CONSTRAINT "ImportUpload_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProcessingRecord" ADD CONSTRAINT "ProcessingRecord_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubjectAccessRequest" ADD CONSTRAINT "SubjectAccessRequest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubjectAccessRequest" ADD CONSTRAINT "SubjectAccessRequest_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrendMonthVersion" ADD CONSTRAINT "TrendMonthVersion_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrendMonthCache" ADD CONSTRAINT "TrendMonthCache_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- What follows is written by hand: the same rules as the SQLite migrations' triggers
-- (20261122020000_accounts_and_security, 20261124010000_trend_rollups, 20261124030000_bulk_tallies),
-- and the few SQLite functions the app's raw SQL uses, so that SQL reads the same on both engines.

-- SQLite's julianday(): days since noon UTC, 24 November 4714 BC. A timestamp column holds UTC.
CREATE FUNCTION julianday(instant timestamp) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT EXTRACT(EPOCH FROM instant)::double precision / 86400 + 2440587.5 $$;
-- A parameter (an ISO 8601 instant with its offset) or 'now'.
CREATE FUNCTION julianday(instant text) RETURNS double precision
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  AS $$ SELECT EXTRACT(EPOCH FROM instant::timestamptz)::double precision / 86400 + 2440587.5 $$;

-- SQLite's json_group_array(): the group's values as a JSON array, as text.
CREATE FUNCTION json_group_array_final(items text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_json(items)::text $$;
CREATE AGGREGATE json_group_array(text) (SFUNC = array_append, STYPE = text[], FINALFUNC = json_group_array_final, INITCOND = '{}');

-- The audit log is append-only: the database itself refuses changes and deletions.
CREATE FUNCTION "AuditEvent_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "AuditEvent_append_only"();
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "AuditEvent_append_only"();

-- Triggers keep the tallies and the months' versions in the same transaction as every write, by
-- whichever path it comes (forms, import, retention, erasure, cascades), so they cannot drift.
-- A cached month goes as soon as its version rises.
CREATE FUNCTION "TrendMonthVersion_raise"(organisation text, month_key text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version") VALUES (organisation, month_key, 1)
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "TrendMonthVersion"."version" + 1;
$$;
CREATE FUNCTION "TrendMonthVersion_raise_of"(exposure integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = exposure
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "TrendMonthVersion"."version" + 1;
$$;
CREATE FUNCTION "ExposureTally_add"(team text, staff text, incident text, change integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures") VALUES (team, staff, incident, change)
    ON CONFLICT ("teamId", "staffMemberId", "incidentType") DO UPDATE SET "exposures" = "ExposureTally"."exposures" + change;
  DELETE FROM "ExposureTally" WHERE "teamId" = team AND "staffMemberId" = staff AND "incidentType" = incident AND "exposures" <= 0;
$$;
CREATE FUNCTION "AgencyTally_add"(team text, staff text, agency_name text, change integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures") VALUES (team, staff, agency_name, change)
    ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "AgencyTally"."exposures" + change;
  DELETE FROM "AgencyTally" WHERE "teamId" = team AND "staffMemberId" = staff AND "agency" = agency_name AND "exposures" <= 0;
$$;
-- A live exposure's place in the tallies, counted (+1) or taken away (-1), with its agencies.
CREATE FUNCTION "Exposure_tally"(x "Exposure", change integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  agency_name text;
BEGIN
  IF x."deletedAt" IS NOT NULL THEN RETURN; END IF;
  PERFORM "ExposureTally_add"(x."teamId", x."staffMemberId", x."incidentType", change);
  FOR agency_name IN SELECT "agency" FROM "ExposurePartnerAgency" WHERE "exposureId" = x."id" ORDER BY "agency" LOOP
    PERFORM "AgencyTally_add"(x."teamId", x."staffMemberId", agency_name, change);
  END LOOP;
END $$;

CREATE FUNCTION "TrendMonthVersion_clear_cache"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "TrendMonthCache" WHERE "organisationId" = NEW."organisationId" AND "month" = NEW."month";
  RETURN NULL;
END $$;
CREATE TRIGGER "TrendMonthVersion_added" AFTER INSERT ON "TrendMonthVersion" FOR EACH ROW EXECUTE FUNCTION "TrendMonthVersion_clear_cache"();
CREATE TRIGGER "TrendMonthVersion_raised" AFTER UPDATE ON "TrendMonthVersion" FOR EACH ROW EXECUTE FUNCTION "TrendMonthVersion_clear_cache"();

-- Inserts are counted once per statement, from the statement's new rows: a createMany of
-- thousands of rows (the demo's seed) would otherwise update the same month's row thousands of
-- times in one transaction, each update a new row version PostgreSQL must step over.
-- While a row of "TrendBulkWrite" exists the insert triggers skip: an import adds it after its
-- BEGIN and removes it before its COMMIT (no other transaction sees it), and settles the tallies
-- and month versions of its whole batch itself (bulkTallies in app/models/exposure-rows.server.ts).
CREATE FUNCTION "Exposure_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "TrendBulkWrite") THEN RETURN NULL; END IF;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT DISTINCT "organisationId", "occurredMonth", 1 FROM added ORDER BY 1, 2
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "TrendMonthVersion"."version" + 1;
  INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures")
    SELECT "teamId", "staffMemberId", "incidentType", COUNT(*) FROM added WHERE "deletedAt" IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("teamId", "staffMemberId", "incidentType") DO UPDATE SET "exposures" = "ExposureTally"."exposures" + excluded."exposures";
  RETURN NULL;
END $$;
CREATE TRIGGER "Exposure_added" AFTER INSERT ON "Exposure" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "Exposure_added"();

CREATE FUNCTION "Exposure_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "TrendMonthVersion_raise"(OLD."organisationId", OLD."occurredMonth");
  PERFORM "TrendMonthVersion_raise"(NEW."organisationId", NEW."occurredMonth");
  PERFORM "Exposure_tally"(OLD, -1);
  PERFORM "Exposure_tally"(NEW, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER "Exposure_changed" AFTER UPDATE OF "organisationId", "staffMemberId", "teamId", "occurredAt", "occurredMonth", "incidentType", "informationReached", "deletedAt"
  ON "Exposure" FOR EACH ROW EXECUTE FUNCTION "Exposure_changed"();

-- Before, not after: a deleted exposure's agencies are removed by the cascade after the row is gone.
CREATE FUNCTION "Exposure_removed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "TrendMonthVersion_raise"(OLD."organisationId", OLD."occurredMonth");
  PERFORM "Exposure_tally"(OLD, -1);
  RETURN OLD;
END $$;
CREATE TRIGGER "Exposure_removed" BEFORE DELETE ON "Exposure" FOR EACH ROW EXECUTE FUNCTION "Exposure_removed"();

CREATE FUNCTION "ExposurePartnerAgency_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "TrendBulkWrite") THEN RETURN NULL; END IF;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT DISTINCT e."organisationId", e."occurredMonth", 1 FROM added a JOIN "Exposure" e ON e."id" = a."exposureId" ORDER BY 1, 2
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "TrendMonthVersion"."version" + 1;
  INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
    SELECT e."teamId", e."staffMemberId", a."agency", COUNT(*) FROM added a JOIN "Exposure" e ON e."id" = a."exposureId"
    WHERE e."deletedAt" IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "AgencyTally"."exposures" + excluded."exposures";
  RETURN NULL;
END $$;
CREATE TRIGGER "ExposurePartnerAgency_added" AFTER INSERT ON "ExposurePartnerAgency" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "ExposurePartnerAgency_added"();

-- An agency removed with its exposure finds no live exposure here: Exposure_removed counted it.
CREATE FUNCTION "ExposurePartnerAgency_tally"(exposure integer, agency_name text, change integer) RETURNS void LANGUAGE sql AS $$
  SELECT "AgencyTally_add"("teamId", "staffMemberId", agency_name, change) FROM "Exposure" WHERE "id" = exposure AND "deletedAt" IS NULL;
$$;
CREATE FUNCTION "ExposurePartnerAgency_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "TrendMonthVersion_raise_of"(OLD."exposureId");
  PERFORM "ExposurePartnerAgency_tally"(OLD."exposureId", OLD."agency", -1);
  IF TG_OP = 'UPDATE' THEN
    PERFORM "TrendMonthVersion_raise_of"(NEW."exposureId");
    PERFORM "ExposurePartnerAgency_tally"(NEW."exposureId", NEW."agency", 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "ExposurePartnerAgency_changed" AFTER UPDATE OR DELETE ON "ExposurePartnerAgency" FOR EACH ROW EXECUTE FUNCTION "ExposurePartnerAgency_changed"();

-- Rows that hang off an exposure (barriers, links to support contacts, follow-ups): its month's figures change.
CREATE FUNCTION "Exposure_detail_added"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "TrendBulkWrite") THEN RETURN NULL; END IF;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT DISTINCT e."organisationId", e."occurredMonth", 1 FROM added a JOIN "Exposure" e ON e."id" = a."exposureId" ORDER BY 1, 2
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "TrendMonthVersion"."version" + 1;
  RETURN NULL;
END $$;
CREATE FUNCTION "Exposure_detail_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "TrendMonthVersion_raise_of"(OLD."exposureId");
  IF TG_OP = 'UPDATE' THEN PERFORM "TrendMonthVersion_raise_of"(NEW."exposureId"); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "ExposureBarrier_added" AFTER INSERT ON "ExposureBarrier" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "Exposure_detail_added"();
CREATE TRIGGER "ExposureBarrier_changed" AFTER UPDATE OR DELETE ON "ExposureBarrier" FOR EACH ROW EXECUTE FUNCTION "Exposure_detail_changed"();
CREATE TRIGGER "SupportContactExposure_added" AFTER INSERT ON "SupportContactExposure" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "Exposure_detail_added"();
CREATE TRIGGER "SupportContactExposure_changed" AFTER UPDATE OR DELETE ON "SupportContactExposure" FOR EACH ROW EXECUTE FUNCTION "Exposure_detail_changed"();
CREATE TRIGGER "FollowUp_added" AFTER INSERT ON "FollowUp" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "Exposure_detail_added"();
CREATE TRIGGER "FollowUp_changed" AFTER UPDATE OR DELETE ON "FollowUp" FOR EACH ROW EXECUTE FUNCTION "Exposure_detail_changed"();

-- A support contact counts for every exposure it is linked to (its removal removes the links).
CREATE FUNCTION "SupportContact_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT DISTINCT e."organisationId", e."occurredMonth", 1 FROM "SupportContactExposure" l JOIN "Exposure" e ON e."id" = l."exposureId"
    WHERE l."supportContactId" = NEW."id"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "TrendMonthVersion"."version" + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER "SupportContact_changed" AFTER UPDATE OF "contactType", "contactedAt", "distress", "deletedAt" ON "SupportContact" FOR EACH ROW EXECUTE FUNCTION "SupportContact_changed"();
