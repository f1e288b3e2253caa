// A synthetic but plausible emergency-services partnership for demos and tests.
// Pure and deterministic: the same `seed` and `now` give the same rows. Nothing here
// describes a real person; staff are known only by made-up references.
import { Faker, base, en, en_GB } from "@faker-js/faker";
import type { Prisma } from "../../app/generated/prisma/client";
import { stepWindowHours, urgentCheck } from "../../app/domain/follow-up-schedule";
import { BARRIER_KEYS, RISK_INDICATOR_KEYS, SIGNPOST_KEYS } from "../../app/domain/vocabulary";
import { monthKey, weekKey } from "../../app/utils/time";

export const DEMO_PASSWORD = "demo-password-1";
export const DEMO_ORGANISATION_ID = "demo-organisation";
const TIME_ZONE = "Europe/London";
const MONTHS = 24;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

type ServiceKind = "police" | "ambulance" | "call_handling" | "mental_health" | "highways";

type TeamPlan = {
  key: string;
  name: string;
  staff: number;
  /** exposures per staff member per month, before any initiative */
  rate: number;
};

const SERVICES: { key: string; name: string; kind: ServiceKind; prefix: string; teams: TeamPlan[] }[] = [
  {
    key: "police",
    name: "Northshire Police",
    kind: "police",
    prefix: "NP",
    teams: [
      { key: "response-north", name: "Response Team North", staff: 48, rate: 0.9 },
      { key: "response-south", name: "Response Team South", staff: 44, rate: 0.9 },
      { key: "roads-policing", name: "Roads Policing Unit", staff: 26, rate: 0.84 },
      { key: "public-protection", name: "Public Protection Unit", staff: 22, rate: 0.66 },
    ],
  },
  {
    key: "ambulance",
    name: "Northshire Ambulance Service",
    kind: "ambulance",
    prefix: "NA",
    teams: [
      { key: "northgate", name: "Northgate Ambulance Station", staff: 40, rate: 1.02 },
      { key: "riverside", name: "Riverside Ambulance Station", staff: 36, rate: 1.02 },
      { key: "hart", name: "Hazardous Area Response Team", staff: 4, rate: 0.9 },
    ],
  },
  {
    key: "control",
    name: "Joint Emergency Control Room",
    kind: "call_handling",
    prefix: "CR",
    teams: [
      { key: "police-contact", name: "Police Contact Centre", staff: 52, rate: 0.96 },
      { key: "clinical-hub", name: "Ambulance Clinical Hub", staff: 38, rate: 1.08 },
      { key: "eoc", name: "Emergency Operations Centre", staff: 30, rate: 0.78 },
    ],
  },
  {
    key: "crisis",
    name: "Northshire Crisis Mental Health Service",
    kind: "mental_health",
    prefix: "MH",
    teams: [
      { key: "crisis-resolution", name: "Crisis Resolution Team", staff: 28, rate: 0.9 },
      { key: "street-triage", name: "Street Triage Team", staff: 6, rate: 0.96 },
    ],
  },
  {
    key: "highways",
    name: "Northshire County Highways",
    kind: "highways",
    prefix: "HW",
    teams: [
      { key: "traffic-officers", name: "Traffic Officers East", staff: 32, rate: 0.48 },
      { key: "maintenance", name: "Highways Maintenance Crew", staff: 24, rate: 0.3 },
    ],
  },
];

const INCIDENT_MIX: Record<ServiceKind, [string, number][]> = {
  police: [["fatality", 10], ["attempted_suicide", 12], ["serious_injury", 12], ["violence", 22], ["child", 8], ["mental_health_crisis", 18], ["frequent_caller", 4], ["verbal_abuse", 12], ["other", 2]],
  ambulance: [["fatality", 16], ["attempted_suicide", 12], ["serious_injury", 22], ["violence", 8], ["child", 8], ["mental_health_crisis", 14], ["frequent_caller", 10], ["verbal_abuse", 8], ["other", 2]],
  call_handling: [["fatality", 6], ["attempted_suicide", 14], ["child", 6], ["mental_health_crisis", 14], ["frequent_caller", 18], ["distressing_call", 28], ["verbal_abuse", 12], ["other", 2]],
  mental_health: [["attempted_suicide", 26], ["fatality", 6], ["violence", 12], ["mental_health_crisis", 38], ["frequent_caller", 8], ["verbal_abuse", 8], ["other", 2]],
  highways: [["fatality", 18], ["serious_injury", 40], ["violence", 6], ["verbal_abuse", 30], ["other", 6]],
};

const BASE_DISTRESS: Record<string, number> = {
  fatality: 6.2, attempted_suicide: 5.8, serious_injury: 5.2, violence: 5.4, child: 7, mental_health_crisis: 4.6,
  frequent_caller: 3.8, distressing_call: 4.8, verbal_abuse: 3.4, other: 3.5,
};

const PARTNERS: Record<ServiceKind, string[]> = {
  police: ["ambulance", "mental_health", "social_care", "local_authority", "fire"],
  ambulance: ["police", "mental_health", "health", "fire", "social_care"],
  call_handling: ["police", "ambulance", "mental_health", "social_care"],
  mental_health: ["police", "ambulance", "health", "social_care", "voluntary"],
  highways: ["police", "ambulance", "fire", "local_authority"],
};

// Synthetic barriers are always named ones: "other" would need free text.
const BARRIERS = BARRIER_KEYS.filter((barrier) => barrier !== "other");
const RISK_INDICATORS = RISK_INDICATOR_KEYS;
const SIGNPOSTS = SIGNPOST_KEYS;

type InitiativePlan = {
  id: string;
  name: string;
  description: string;
  monthsAgo: number;
  teams: string[];
  partners: string[];
  /** incident types whose frequency the initiative reduces */
  reduces: string[];
};

const INITIATIVES: InitiativePlan[] = [
  {
    id: "demo-initiative-street-triage",
    name: "Street triage: police with mental-health nurses",
    description: "Mental-health nurses ride with response officers and share crisis plans with the contact centre.",
    monthsAgo: 9,
    teams: ["response-north", "response-south", "police-contact", "street-triage"],
    partners: ["police", "mental_health"],
    reduces: ["mental_health_crisis", "attempted_suicide"],
  },
  {
    id: "demo-initiative-frequent-caller",
    name: "Frequent-caller plan with the ambulance service",
    description: "Shared care plans for people who call 999 often, agreed between the clinical hub, crews and GPs.",
    monthsAgo: 6,
    teams: ["clinical-hub", "northgate"],
    partners: ["ambulance", "health", "social_care"],
    reduces: ["frequent_caller", "distressing_call"],
  },
];

export type DemoUserPlan = { id: string; email: string; displayName: string; roles: string[]; remitTeams: string[] };

export type DemoOrganisation = {
  organisation: Prisma.OrganisationCreateManyInput;
  services: Prisma.ServiceCreateManyInput[];
  teams: Prisma.TeamCreateManyInput[];
  headcounts: Prisma.TeamHeadcountCreateManyInput[];
  users: DemoUserPlan[];
  followUpSteps: Prisma.FollowUpProtocolStepCreateManyInput[];
  staffMembers: Prisma.StaffMemberCreateManyInput[];
  caseAssignments: Prisma.CaseAssignmentCreateManyInput[];
  initiatives: Prisma.InitiativeCreateManyInput[];
  initiativeTeams: Prisma.InitiativeTeamCreateManyInput[];
  initiativePartners: Prisma.InitiativePartnerAgencyCreateManyInput[];
  exposures: Prisma.ExposureCreateManyInput[];
  exposurePartners: Prisma.ExposurePartnerAgencyCreateManyInput[];
  exposureBarriers: Prisma.ExposureBarrierCreateManyInput[];
  supportContacts: Prisma.SupportContactCreateManyInput[];
  contactExposures: Prisma.SupportContactExposureCreateManyInput[];
  riskIndicators: Prisma.SupportContactRiskIndicatorCreateManyInput[];
  referrals: Prisma.ReferralCreateManyInput[];
  followUps: Prisma.FollowUpCreateManyInput[];
  pulses: Prisma.PulseCreateManyInput[];
  pulseResponses: Prisma.PulseResponseCreateManyInput[];
};

/** Where the demo's urgent referrals went. */
const URGENT_MIX: [string, number][] = [
  ["crisis_team", 3], ["gp", 3], ["occupational_health", 2], ["nhs_111_mental_health", 2], ["employee_assistance", 1], ["emergency_999", 0.3],
];

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Start of the calendar month `monthsAgo` before `now` (UTC is close enough for plan dates). */
function monthStart(now: Date, monthsAgo: number) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
}

export function generateDemoOrganisation({ now = new Date(), seed = 20261122 }: { now?: Date; seed?: number } = {}): DemoOrganisation {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(seed);
  const rnd = () => faker.number.float({ min: 0, max: 1 });
  const chance = (p: number) => rnd() < p;
  const pick = <T,>(items: readonly T[]) => faker.helpers.arrayElement(items);
  const weighted = (mix: [string, number][]) =>
    faker.helpers.weightedArrayElement(mix.map(([value, weight]) => ({ value, weight })));
  const normal = (mean: number, sd: number) => {
    // Box–Muller on the seeded generator
    const u = Math.max(rnd(), 1e-12);
    const v = rnd();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const poisson = (lambda: number) => {
    let k = 0;
    let p = 1;
    const limit = Math.exp(-lambda);
    do {
      k += 1;
      p *= rnd();
    } while (p > limit);
    return k - 1;
  };

  // The month and week of an instant, worked out once per day rather than per record (time-zone
  // arithmetic was most of the generator's time). Europe/London is UTC or one hour ahead, so the
  // local date is the same for 00:00–22:59 UTC, and 23:00–23:59 UTC is the only hour that can
  // fall on the next local day.
  const periods = new Map<number, { month: string; week: string }>();
  const periodOf = (instant: Date) => {
    const day = Math.floor(instant.getTime() / DAY);
    const lastHour = instant.getUTCHours() === 23;
    const key = 2 * day + (lastHour ? 1 : 0);
    let found = periods.get(key);
    if (!found) {
      const representative = new Date(day * DAY + (lastHour ? 23 : 0) * HOUR);
      found = { month: monthKey(representative, TIME_ZONE), week: weekKey(representative, TIME_ZONE) };
      periods.set(key, found);
    }
    return found;
  };

  const organisationId = DEMO_ORGANISATION_ID;
  const createdAt = monthStart(now, MONTHS);
  const historyStart = new Date(now.getTime() - MONTHS * 30.44 * DAY);

  const organisation: Prisma.OrganisationCreateManyInput = {
    id: organisationId,
    name: "Northshire Emergency Services Partnership",
    isDemo: true,
    anonymityThreshold: 5,
    mfaRequired: true,
    retentionMonths: 72,
    timeZone: TIME_ZONE,
    createdAt,
    updatedAt: createdAt,
  };

  const followUpSteps: Prisma.FollowUpProtocolStepCreateManyInput[] = [
    { id: "demo-step-72h", organisationId, label: "72-hour risk assessment", offsetHours: 72, contactType: "risk_assessment", sortOrder: 1 },
    { id: "demo-step-28d", organisationId, label: "28-day review", offsetHours: 28 * 24, contactType: "review", sortOrder: 2 },
  ];

  const services: Prisma.ServiceCreateManyInput[] = [];
  const teams: Prisma.TeamCreateManyInput[] = [];
  const headcounts: Prisma.TeamHeadcountCreateManyInput[] = [];
  const teamInfo = new Map<string, { id: string; kind: ServiceKind; plan: TeamPlan; prefix: string; staffIds: string[] }>();

  for (const service of SERVICES) {
    const serviceId = `demo-service-${service.key}`;
    services.push({ id: serviceId, organisationId, name: service.name, kind: service.kind, createdAt });
    for (const plan of service.teams) {
      const id = `demo-team-${plan.key}`;
      teams.push({ id, organisationId, serviceId, name: plan.name, createdAt, updatedAt: createdAt });
      teamInfo.set(plan.key, { id, kind: service.kind, plan, prefix: service.prefix, staffIds: [] });
      for (let m = MONTHS; m >= 0; m -= 1) {
        const establishment = plan.staff + Math.round(normal(0, plan.staff * 0.03));
        headcounts.push({ teamId: id, periodMonth: monthKey(monthStart(now, m), TIME_ZONE), headcount: Math.max(1, establishment) });
      }
    }
  }
  const team = (key: string) => {
    const info = teamInfo.get(key);
    if (!info) throw new Error(`unknown demo team ${key}`);
    return info;
  };

  // Supporters, each looking after some teams. supporter@demo.test has a real caseload.
  const supporterPlans: { email: string; teams: string[] }[] = [
    { email: "supporter@demo.test", teams: ["response-north", "police-contact", "street-triage", "crisis-resolution"] },
    { email: "s.okafor@demo.test", teams: ["response-south", "roads-policing", "public-protection"] },
    { email: "r.kaur@demo.test", teams: ["northgate", "riverside", "hart"] },
    { email: "j.mcallister@demo.test", teams: ["clinical-hub", "eoc"] },
    { email: "d.evans@demo.test", teams: ["traffic-officers", "maintenance"] },
  ];
  const users: DemoUserPlan[] = [
    { id: "demo-user-admin", email: "admin@demo.test", displayName: "Alex Morgan", roles: ["admin"], remitTeams: [] },
    { id: "demo-user-manager", email: "manager@demo.test", displayName: "Priya Shah", roles: ["manager"], remitTeams: ["response-north", "response-south", "roads-policing", "public-protection", "police-contact", "clinical-hub", "eoc"] },
    { id: "demo-user-manager-ambulance", email: "m.hughes@demo.test", displayName: "Mark Hughes", roles: ["manager"], remitTeams: ["northgate", "riverside", "hart"] },
    { id: "demo-user-researcher", email: "researcher@demo.test", displayName: "Dr Sam Whitfield", roles: ["researcher"], remitTeams: [] },
  ];
  const supporterOfTeam = new Map<string, string>();
  supporterPlans.forEach((plan, index) => {
    const id = index === 0 ? "demo-user-supporter" : `demo-user-supporter-${index + 1}`;
    const displayName = index === 0 ? "Jordan Taylor" : faker.person.fullName();
    users.push({ id, email: plan.email, displayName, roles: ["supporter"], remitTeams: [] });
    for (const key of plan.teams) supporterOfTeam.set(key, id);
  });

  // Staff members: pseudonymous references only.
  const staffMembers: Prisma.StaffMemberCreateManyInput[] = [];
  const staffTeam = new Map<string, string>();
  let reference = 1000;
  for (const [key, info] of teamInfo) {
    for (let i = 0; i < info.plan.staff; i += 1) {
      reference += 1 + faker.number.int({ max: 6 });
      const id = `demo-staff-${info.prefix.toLowerCase()}-${reference}`;
      staffMembers.push({ id, organisationId, reference: `${info.prefix}-${reference}`, teamId: info.id, createdById: supporterOfTeam.get(key) ?? null, createdAt, updatedAt: createdAt });
      info.staffIds.push(id);
      staffTeam.set(id, key);
    }
  }
  // Cover arrangements: a second supporter assigned to a few cases.
  const caseAssignments: Prisma.CaseAssignmentCreateManyInput[] = faker.helpers
    .arrayElements(team("response-south").staffIds, 6)
    .map((staffMemberId) => ({ staffMemberId, supporterId: "demo-user-supporter", assignedAt: createdAt }));

  const initiatives: Prisma.InitiativeCreateManyInput[] = [];
  const initiativeTeams: Prisma.InitiativeTeamCreateManyInput[] = [];
  const initiativePartners: Prisma.InitiativePartnerAgencyCreateManyInput[] = [];
  const initiativeOfTeam = new Map<string, { plan: InitiativePlan; start: Date }>();
  for (const plan of INITIATIVES) {
    const start = monthStart(now, plan.monthsAgo);
    initiatives.push({
      id: plan.id, organisationId, name: plan.name, description: plan.description, startDate: start,
      outcomeMeasures: JSON.stringify(["distress_first_contact", "information_reached", "exposure_rate"]), createdAt, updatedAt: createdAt,
    });
    for (const key of plan.teams) {
      initiativeTeams.push({ initiativeId: plan.id, teamId: team(key).id });
      initiativeOfTeam.set(key, { plan, start });
    }
    for (const agency of plan.partners) initiativePartners.push({ initiativeId: plan.id, agency });
  }

  const exposures: Prisma.ExposureCreateManyInput[] = [];
  const exposurePartners: Prisma.ExposurePartnerAgencyCreateManyInput[] = [];
  const exposureBarriers: Prisma.ExposureBarrierCreateManyInput[] = [];
  const supportContacts: Prisma.SupportContactCreateManyInput[] = [];
  const contactExposures: Prisma.SupportContactExposureCreateManyInput[] = [];
  const riskIndicators: Prisma.SupportContactRiskIndicatorCreateManyInput[] = [];
  const referrals: Prisma.ReferralCreateManyInput[] = [];
  const followUps: Prisma.FollowUpCreateManyInput[] = [];
  let exposureId = 0;
  let contactId = 0;
  let referralId = 0;
  let followUpId = 0;

  const addContact = (input: {
    staffMemberId: string; exposureIdRef: number; type: string; at: Date; distress: number; supporterId: string | null; riskCount: number;
    /** false for the check an urgent referral asked for, which refers no one again */
    mayRefer?: boolean;
  }) => {
    contactId += 1;
    // Urgent referrals are rare: a supporter makes one or two a month.
    const severe = input.mayRefer !== false && input.distress >= 8 && chance(0.08);
    const signposted = !severe && input.distress >= 6 && chance(0.45);
    const outcome = severe ? "urgent_referral" : signposted ? "signposted" : input.distress >= 4 ? "follow_up_scheduled" : "no_further_action";
    supportContacts.push({
      id: contactId, organisationId, staffMemberId: input.staffMemberId, contactType: input.type, contactedAt: input.at,
      contactedMonth: periodOf(input.at).month, contactedWeek: periodOf(input.at).week,
      format: input.type === "defusing" && chance(0.3) ? "group" : "individual",
      durationMinutes: input.type === "defusing" ? faker.number.int({ min: 10, max: 30 }) : faker.number.int({ min: 25, max: 75 }),
      distress: input.distress, outcome, createdById: input.supporterId, createdAt: input.at, updatedAt: input.at,
    });
    contactExposures.push({ supportContactId: contactId, exposureId: input.exposureIdRef });
    for (const indicator of faker.helpers.arrayElements(RISK_INDICATORS, input.riskCount)) {
      riskIndicators.push({ supportContactId: contactId, indicator });
    }
    if (severe) {
      referralId += 1;
      referrals.push({ id: referralId, supportContactId: contactId, destination: weighted(URGENT_MIX), urgent: true, createdAt: input.at });
      // The check within 24 hours it asks for: nearly always made the same day or the next.
      const raisedBy = contactId;
      const check = urgentCheck(input.at);
      const checkAt = new Date(input.at.getTime() + faker.number.float({ min: 2, max: 22 }) * HOUR);
      followUpId += 1;
      const checkId = followUpId;
      let checkDone: number | null = null;
      if (checkAt < now && chance(0.97)) {
        checkDone = addContact({ ...input, type: pick(["peer_conversation", "manager_check_in"]), at: checkAt, distress: clamp(input.distress - 1, 0, 10), riskCount: Math.max(0, input.riskCount - 1), mayRefer: false });
      }
      followUps.push({
        id: checkId, organisationId, staffMemberId: input.staffMemberId, exposureId: null, label: check.label, dueAt: check.dueAt,
        contactType: null, windowOpensAt: check.windowOpensAt, windowClosesAt: check.windowClosesAt, raisedByContactId: raisedBy,
        assignedToId: input.supporterId, completedAt: checkDone === null ? null : checkAt, completedByContactId: checkDone,
        cancelledAt: checkDone === null && check.dueAt.getTime() < now.getTime() - 21 * DAY ? new Date(check.dueAt.getTime() + 14 * DAY) : null, createdAt: input.at,
      });
      return raisedBy;
    } else if (signposted) {
      referralId += 1;
      referrals.push({ id: referralId, supportContactId: contactId, destination: pick(SIGNPOSTS), urgent: false, createdAt: input.at });
    }
    return contactId;
  };

  // How often a follow-up due in the last fortnight is still waiting, per supporter: about five each,
  // whatever the size of their teams (about 28 follow-ups fall due in a fortnight per daily exposure).
  const dailyExposures = new Map<string, number>();
  for (const [key, info] of teamInfo) {
    const id = supporterOfTeam.get(key);
    if (id) dailyExposures.set(id, (dailyExposures.get(id) ?? 0) + (info.plan.rate * info.staffIds.length * 12) / 365);
  }
  const recentSkip = (supporterId: string | null) => clamp(5 / (28 * (dailyExposures.get(supporterId ?? "") ?? 1)), 0.03, 0.6);

  // Walk the history day by day so every record is in the past and the mix is stable.
  const days = Math.floor((now.getTime() - historyStart.getTime()) / DAY);
  for (const [key, info] of teamInfo) {
    const supporterId = supporterOfTeam.get(key) ?? null;
    const initiative = initiativeOfTeam.get(key);
    for (let day = 0; day < days; day += 1) {
      const dayStart = new Date(historyStart.getTime() + day * DAY);
      const after = initiative ? dayStart >= initiative.start : false;
      const expected = (info.plan.rate * info.staffIds.length * 12) / 365;
      const count = poisson(expected);
      for (let n = 0; n < count; n += 1) {
        let incidentType = weighted(INCIDENT_MIX[info.kind]);
        // Fewer repeat crises reach staff once agencies share plans.
        if (after && initiative?.plan.reduces.includes(incidentType) && chance(0.35)) continue;
        const occurredAt = new Date(dayStart.getTime() + faker.number.int({ min: 0, max: DAY - 60_000 }));
        if (occurredAt >= now) continue;
        if (info.kind === "highways" && incidentType === "child") incidentType = "serious_injury";
        const staffMemberId = pick(info.staffIds);
        const partners = faker.helpers.arrayElements(PARTNERS[info.kind], faker.number.int({ min: 0, max: 3 }));
        const applicable = partners.length > 0;
        const reachedMean = after ? 3.9 : 2.4;
        const informationReached = applicable ? clamp(Math.round(normal(reachedMean, 1.1)), 1, 5) : null;
        const barrierCount = informationReached === null ? 0 : clamp(Math.round(normal(5 - informationReached, 0.8) / 1.5), 0, 3);
        const barriers = faker.helpers.arrayElements(BARRIERS, barrierCount);
        // Distress rises with the incident's weight and falls when the information needed arrived.
        const informationRelief = informationReached === null ? 0 : (informationReached - 3) * 0.45;
        const initialDistress = clamp(Math.round(normal((BASE_DISTRESS[incidentType] ?? 4) - informationRelief - (after ? 0.6 : 0), 1.6)), 0, 10);
        const loggedAt = new Date(occurredAt.getTime() + faker.number.int({ min: 1, max: 30 }) * HOUR);
        exposureId += 1;
        exposures.push({
          id: exposureId, organisationId, staffMemberId, teamId: info.id, occurredAt,
          occurredMonth: periodOf(occurredAt).month, occurredWeek: periodOf(occurredAt).week,
          incidentType, involvement: info.kind === "call_handling" ? "remote" : chance(0.12) ? "supervising" : "attended",
          informationReached, initiativeId: after && initiative && chance(0.8) ? initiative.plan.id : null,
          initialDistress, createdById: supporterId, createdAt: loggedAt, updatedAt: loggedAt,
        });
        for (const agency of partners) exposurePartners.push({ exposureId, agency });
        for (const barrier of barriers) exposureBarriers.push({ exposureId, barrier });

        // Support that followed.
        const riskBase = initialDistress >= 7 ? 3 : initialDistress >= 5 ? 1 : 0;
        // Every exposure a supporter logs is followed up: most people are defused within hours,
        // the rest reached later in the week (the record waits for that contact until then).
        const firstContactHours = chance(0.95) ? faker.number.float({ min: 0.5, max: 14 }) : faker.number.float({ min: 80, max: 200 });
        const firstContactAt = new Date(occurredAt.getTime() + firstContactHours * HOUR);
        if (firstContactAt < now) addContact({ staffMemberId, exposureIdRef: exposureId, type: firstContactHours < 24 && chance(0.8) ? "defusing" : "peer_conversation", at: firstContactAt, distress: clamp(initialDistress + Math.round(normal(0, 0.8)), 0, 10), supporterId, riskCount: riskBase });
        const steps = [
          { step: followUpSteps[0]!, doneChance: 0.98, recovery: 0.8 },
          { step: followUpSteps[1]!, doneChance: initialDistress >= 5 ? 0.98 : 0.96, recovery: after ? 2.4 : 1.7 },
        ];
        for (const { step, doneChance: usualChance, recovery } of steps) {
          const dueAt = new Date(occurredAt.getTime() + step.offsetHours * HOUR);
          // This fortnight's follow-ups are the ones still waiting: each supporter has a handful overdue.
          const doneChance = dueAt.getTime() > now.getTime() - 14 * DAY ? 1 - recentSkip(supporterId) : usualChance;
          const window = stepWindowHours(step.offsetHours);
          followUpId += 1;
          const stepFollowUpId = followUpId;
          // Most follow-ups are done in the day and a half before they fall due, some up to three days
          // late; someone first reached after the step fell due (off shift, on leave) has it after that.
          const lateness = (chance(0.96) ? faker.number.float({ min: -36, max: -0.5 }) : faker.number.float({ min: 0.5, max: 72 })) * HOUR;
          const reachedLate = firstContactAt.getTime() > dueAt.getTime() + lateness;
          const contactAt = reachedLate ? new Date(firstContactAt.getTime() + faker.number.float({ min: 1, max: 48 }) * HOUR) : new Date(dueAt.getTime() + lateness);
          let completedAt: Date | null = null;
          let completedByContactId: number | null = null;
          let cancelledAt: Date | null = null;
          if (chance(doneChance) && contactAt < now) {
            const distress = clamp(Math.round(normal(initialDistress - recovery, 1.3)), 0, 10);
            completedByContactId = addContact({ staffMemberId, exposureIdRef: exposureId, type: step.contactType, at: contactAt, distress, supporterId, riskCount: Math.max(0, riskBase - 1) });
            completedAt = contactAt;
          } else if (dueAt.getTime() < now.getTime() - 21 * DAY) {
            // Older follow-ups that never happened were closed (declined or left the service).
            cancelledAt = new Date(dueAt.getTime() + 14 * DAY);
          }
          followUps.push({
            id: stepFollowUpId, organisationId, staffMemberId, exposureId, protocolStepId: step.id ?? null, label: step.label,
            dueAt, assignedToId: supporterId, completedAt, completedByContactId, cancelledAt, createdAt: occurredAt,
            contactType: step.contactType, windowOpensAt: new Date(dueAt.getTime() - window.before * HOUR), windowClosesAt: new Date(dueAt.getTime() + window.after * HOUR),
          });
        }
      }
    }
  }

  // Pulse check-ins: anonymous, by team and week only. Well-being improves where an initiative runs.
  // Monthly check-ins: each team was asked once a month (the current month's is left for the
  // admin to open) with one slip per person in its headcount, and answered anonymously within the
  // fortnight it was open, each answer using one slip. All have ended, so they hold no unused codes.
  const pulses: Prisma.PulseCreateManyInput[] = [];
  const pulseResponses: Prisma.PulseResponseCreateManyInput[] = [];
  const headcountOf = new Map(headcounts.map((h) => [`${h.teamId}|${h.periodMonth}`, h.headcount]));
  let responseId = 0;
  for (const [key, info] of teamInfo) {
    const initiative = initiativeOfTeam.get(key);
    for (let m = MONTHS - 1; m >= 1; m -= 1) {
      const start = monthStart(now, m);
      const opened = new Date(start.getTime() + DAY + 9 * HOUR);
      const codesIssued = headcountOf.get(`${info.id}|${periodOf(opened).month}`) ?? info.staffIds.length;
      const responders = Math.min(codesIssued, Math.round(info.staffIds.length * faker.number.float({ min: 0.2, max: 0.45 })));
      const pulse = {
        id: `demo-pulse-${key}-${monthKey(opened, TIME_ZONE)}`, organisationId, teamId: info.id, codesIssued, codesUsed: responders,
        slipsMadeAt: new Date(opened.getTime() + 10 * 60 * 1000), closesAt: new Date(opened.getTime() + 14 * DAY), openedById: "demo-user-admin", createdAt: opened,
      } satisfies Prisma.PulseCreateManyInput;
      pulses.push(pulse);
      for (let r = 0; r < responders; r += 1) {
        const at = new Date(opened.getTime() + faker.number.int({ min: 0, max: 13 }) * DAY + 3 * HOUR);
        const after = initiative ? at >= initiative.start : false;
        const wellbeing = normal(after ? 3.0 : 2.6, 0.9);
        const items = Array.from({ length: 5 }, () => clamp(Math.round(normal(wellbeing, 0.7)), 0, 5)) as [number, number, number, number, number];
        responseId += 1;
        pulseResponses.push({
          id: responseId, organisationId, teamId: info.id, pulseId: pulse.id, week: periodOf(at).week, month: periodOf(opened).month,
          who5Item1: items[0], who5Item2: items[1], who5Item3: items[2], who5Item4: items[3], who5Item5: items[4],
          who5Percent: items.reduce((sum, item) => sum + item, 0) * 4,
          informationSharing: chance(0.9) ? clamp(Math.round(normal(after ? 3.8 : 2.5, 1)), 1, 5) : null,
        });
      }
    }
  }

  return {
    organisation, services, teams, headcounts, users, followUpSteps, staffMembers, caseAssignments,
    initiatives, initiativeTeams, initiativePartners, exposures, exposurePartners, exposureBarriers,
    supportContacts, contactExposures, riskIndicators, referrals, followUps, pulses, pulseResponses,
  };
}
