import type { ContactType } from "~/domain/vocabulary";
import { prisma } from "~/db.server";

export function readSettings(organisationId: string) {
  return prisma.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: {
      anonymityThreshold: true,
      mfaRequired: true,
      retentionMonths: true,
      publicationDelayDays: true,
      subjectAccessDays: true,
      crisisRoutesText: true,
      followUpSteps: { select: { label: true, offsetHours: true, contactType: true }, orderBy: { sortOrder: "asc" } },
    },
  });
}

/** The organisation's crisis routes: the text shown to a supporter with an urgent referral, before and after saving it. */
export async function readCrisisRoutes(organisationId: string) {
  const { crisisRoutesText } = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { crisisRoutesText: true } });
  return crisisRoutesText;
}

export type SettingsInput = {
  anonymityThreshold: number;
  mfaRequired: boolean;
  retentionMonths: number;
  publicationDelayDays: number;
  subjectAccessDays: number;
  crisisRoutesText: string;
  steps: { label: string; offsetHours: number; contactType: ContactType }[];
};

/** Saves the settings and replaces the protocol; follow-ups already scheduled keep their due dates. */
export async function saveSettings(organisationId: string, input: SettingsInput) {
  await prisma.$transaction([
    prisma.organisation.update({
      where: { id: organisationId },
      data: {
        anonymityThreshold: input.anonymityThreshold,
        mfaRequired: input.mfaRequired,
        retentionMonths: input.retentionMonths,
        publicationDelayDays: input.publicationDelayDays,
        subjectAccessDays: input.subjectAccessDays,
        crisisRoutesText: input.crisisRoutesText,
      },
    }),
    prisma.followUpProtocolStep.deleteMany({ where: { organisationId } }),
    prisma.followUpProtocolStep.createMany({
      data: input.steps.map((step, index) => ({ organisationId, ...step, sortOrder: index + 1 })),
    }),
  ]);
}
