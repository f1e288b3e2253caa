-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "anonymityThreshold" INTEGER NOT NULL DEFAULT 5,
    "mfaRequired" BOOLEAN NOT NULL DEFAULT true,
    "retentionMonths" INTEGER NOT NULL DEFAULT 72,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Service" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Service_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "archivedAt" DATETIME,
    "mergedIntoId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Team_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Team_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Team_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamHeadcount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "teamId" TEXT NOT NULL,
    "periodMonth" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,
    CONSTRAINT "TeamHeadcount_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "disabledAt" DATETIME,
    "lastLoginAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Password" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "hash" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Password_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserRole" (
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    PRIMARY KEY ("userId", "role"),
    CONSTRAINT "UserRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ManagerRemit" (
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,

    PRIMARY KEY ("userId", "teamId"),
    CONSTRAINT "ManagerRemit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ManagerRemit_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "displayNameEncrypted" TEXT,
    "teamId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StaffMember_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StaffMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "StaffMember_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseAssignment" (
    "staffMemberId" TEXT NOT NULL,
    "supporterId" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("staffMemberId", "supporterId"),
    CONSTRAINT "CaseAssignment_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseAssignment_supporterId_fkey" FOREIGN KEY ("supporterId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Exposure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "occurredMonth" TEXT NOT NULL,
    "occurredWeek" TEXT NOT NULL,
    "incidentType" TEXT NOT NULL,
    "involvement" TEXT NOT NULL,
    "informationReached" INTEGER,
    "initiativeId" TEXT,
    "initialDistress" INTEGER,
    "notesEncrypted" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Exposure_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Exposure_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Exposure_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Exposure_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Exposure_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExposurePartnerAgency" (
    "exposureId" INTEGER NOT NULL,
    "agency" TEXT NOT NULL,

    PRIMARY KEY ("exposureId", "agency"),
    CONSTRAINT "ExposurePartnerAgency_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExposureBarrier" (
    "exposureId" INTEGER NOT NULL,
    "barrier" TEXT NOT NULL,

    PRIMARY KEY ("exposureId", "barrier"),
    CONSTRAINT "ExposureBarrier_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SupportContact" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "contactType" TEXT NOT NULL,
    "contactedAt" DATETIME NOT NULL,
    "contactedMonth" TEXT NOT NULL,
    "contactedWeek" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'individual',
    "durationMinutes" INTEGER,
    "distress" INTEGER,
    "outcome" TEXT NOT NULL,
    "notesEncrypted" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SupportContact_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SupportContact_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SupportContact_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SupportContactExposure" (
    "supportContactId" INTEGER NOT NULL,
    "exposureId" INTEGER NOT NULL,

    PRIMARY KEY ("supportContactId", "exposureId"),
    CONSTRAINT "SupportContactExposure_supportContactId_fkey" FOREIGN KEY ("supportContactId") REFERENCES "SupportContact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SupportContactExposure_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SupportContactRiskIndicator" (
    "supportContactId" INTEGER NOT NULL,
    "indicator" TEXT NOT NULL,

    PRIMARY KEY ("supportContactId", "indicator"),
    CONSTRAINT "SupportContactRiskIndicator_supportContactId_fkey" FOREIGN KEY ("supportContactId") REFERENCES "SupportContact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "supportContactId" INTEGER NOT NULL,
    "destination" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Referral_supportContactId_fkey" FOREIGN KEY ("supportContactId") REFERENCES "SupportContact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FollowUpProtocolStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "offsetHours" INTEGER NOT NULL,
    "contactType" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "FollowUpProtocolStep_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "exposureId" INTEGER,
    "protocolStepId" TEXT,
    "label" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "assignedToId" TEXT,
    "completedAt" DATETIME,
    "completedByContactId" INTEGER,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FollowUp_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FollowUp_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FollowUp_exposureId_fkey" FOREIGN KEY ("exposureId") REFERENCES "Exposure" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FollowUp_protocolStepId_fkey" FOREIGN KEY ("protocolStepId") REFERENCES "FollowUpProtocolStep" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "FollowUp_assignedToId_fkey" FOREIGN KEY ("assignedToId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "FollowUp_completedByContactId_fkey" FOREIGN KEY ("completedByContactId") REFERENCES "SupportContact" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Initiative" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME,
    "outcomeMeasures" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Initiative_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InitiativeTeam" (
    "initiativeId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,

    PRIMARY KEY ("initiativeId", "teamId"),
    CONSTRAINT "InitiativeTeam_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InitiativeTeam_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InitiativePartnerAgency" (
    "initiativeId" TEXT NOT NULL,
    "agency" TEXT NOT NULL,

    PRIMARY KEY ("initiativeId", "agency"),
    CONSTRAINT "InitiativePartnerAgency_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PulseResponse" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "who5Item1" INTEGER NOT NULL,
    "who5Item2" INTEGER NOT NULL,
    "who5Item3" INTEGER NOT NULL,
    "who5Item4" INTEGER NOT NULL,
    "who5Item5" INTEGER NOT NULL,
    "who5Percent" INTEGER NOT NULL,
    "informationSharing" INTEGER,
    CONSTRAINT "PulseResponse_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PulseResponse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT,
    "actorUserId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "detail" TEXT,
    "ipAddress" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEvent_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AuditEvent_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
CREATE INDEX "Exposure_organisationId_occurredMonth_idx" ON "Exposure"("organisationId", "occurredMonth");

-- CreateIndex
CREATE INDEX "Exposure_teamId_occurredMonth_idx" ON "Exposure"("teamId", "occurredMonth");

-- CreateIndex
CREATE INDEX "Exposure_staffMemberId_occurredAt_idx" ON "Exposure"("staffMemberId", "occurredAt");

-- CreateIndex
CREATE INDEX "Exposure_initiativeId_idx" ON "Exposure"("initiativeId");

-- CreateIndex
CREATE INDEX "ExposureBarrier_barrier_idx" ON "ExposureBarrier"("barrier");

-- CreateIndex
CREATE INDEX "SupportContact_organisationId_contactedMonth_idx" ON "SupportContact"("organisationId", "contactedMonth");

-- CreateIndex
CREATE INDEX "SupportContact_staffMemberId_contactedAt_idx" ON "SupportContact"("staffMemberId", "contactedAt");

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
CREATE INDEX "PulseResponse_teamId_month_idx" ON "PulseResponse"("teamId", "month");

-- CreateIndex
CREATE INDEX "PulseResponse_organisationId_month_idx" ON "PulseResponse"("organisationId", "month");

-- CreateIndex
CREATE INDEX "AuditEvent_organisationId_createdAt_idx" ON "AuditEvent"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_actorUserId_createdAt_idx" ON "AuditEvent"("actorUserId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

