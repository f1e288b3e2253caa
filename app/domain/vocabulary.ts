// The words of the domain (DESIGN.md "Domain"), with the labels supporters see.
// Keys are what the database stores; adding a value needs no migration.

const keysOf = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];

/** Kinds of support contact, in the words supporters use. */
export const CONTACT_TYPES = {
  defusing: "Defusing (within hours)",
  debrief: "Debrief (within days)",
  risk_assessment: "Risk assessment (about 72 hours)",
  review: "Review (about 28 days)",
  peer_conversation: "Peer or first-aid conversation",
  manager_check_in: "Manager check-in",
} as const;

export type ContactType = keyof typeof CONTACT_TYPES;

export const INCIDENT_TYPES = {
  fatality: "Fatality, including suicide",
  attempted_suicide: "Attempted suicide or self-harm",
  serious_injury: "Serious injury or road traffic collision",
  violence: "Violence or threat to staff",
  child: "Child death or safeguarding",
  mental_health_crisis: "Mental-health crisis contact",
  frequent_caller: "Frequent or repeat caller",
  distressing_call: "Distressing call",
  verbal_abuse: "Verbal abuse",
  other: "Other",
} as const;

export const INVOLVEMENTS = {
  attended: "Attended in person",
  remote: "Remotely, for example as a call handler",
  supervising: "Supervising or commanding",
} as const;

export const PARTNER_AGENCIES = {
  police: "Police",
  ambulance: "Ambulance service",
  fire: "Fire and rescue",
  mental_health: "Mental-health services",
  health: "Other health services (GP, hospital)",
  social_care: "Social care",
  local_authority: "Local authority",
  highways: "Highways",
  voluntary: "Voluntary sector",
  other: "Other",
} as const;

/** What kind of agency a service of the organisation is (a service holds teams). */
export const SERVICE_KINDS = {
  police: "Police",
  ambulance: "Ambulance service",
  fire: "Fire and rescue",
  call_handling: "999 or 111 control room",
  mental_health: "Mental-health trust",
  highways: "Local authority or highways",
  voluntary: "Voluntary sector",
  other: "Other",
} as const;

export type ServiceKind = keyof typeof SERVICE_KINDS;

export const INFORMATION_REACHED = {
  "1": "1 – none of it",
  "2": "2 – a little",
  "3": "3 – some",
  "4": "4 – most",
  "5": "5 – all of it",
  na: "Not applicable: no partner agency was involved",
} as const;

export const BARRIERS = {
  terminology: "Different terminology",
  roles_unclear: "Unclear roles and responsibilities",
  information_unavailable: "Information scarce or unavailable",
  could_not_task: "Could not task another agency",
  consent_legal: "Consent or legal uncertainty",
  systems_disconnected: "Systems don't connect",
  low_trust: "Low trust between agencies",
  other: "Other",
} as const;

export const RISK_INDICATORS = {
  sleep: "Trouble sleeping",
  intrusive_memories: "Intrusive memories or images",
  avoidance: "Avoiding reminders of the incident",
  alcohol: "Drinking more alcohol",
  little_support: "Little support at home",
  earlier_trauma: "Earlier trauma",
  guilt_blame: "Feeling guilt or blame",
  other_stressors: "Other stressors (work, money, relationships)",
} as const;

export const OUTCOMES = {
  no_further_action: "No further action",
  follow_up_scheduled: "Follow-up scheduled",
  signposted: "Signposted to support",
  urgent_referral: "Urgent referral",
} as const;

export const SIGNPOSTS = {
  employee_assistance: "Employee assistance programme",
  occupational_health: "Occupational health",
  gp: "GP",
  counselling: "Counselling",
  charity: "A charity",
} as const;

/** Where an urgent referral went: the routes an organisation's supporters refer to. */
export const URGENT_DESTINATIONS = {
  occupational_health: "Occupational health",
  employee_assistance: "Employee assistance programme",
  gp: "Their GP (urgent appointment)",
  crisis_team: "Mental-health crisis team",
  nhs_111_mental_health: "NHS 111, option 2 (mental health)",
  emergency_999: "999 emergency services",
  other: "Somewhere else",
} as const;

/** The same, as the record reads it: "Urgent referral to the mental-health crisis team". */
export const URGENT_DESTINATIONS_IN_A_SENTENCE: Record<keyof typeof URGENT_DESTINATIONS, string> = {
  occupational_health: "occupational health",
  employee_assistance: "the employee assistance programme",
  gp: "their GP (urgent appointment)",
  crisis_team: "the mental-health crisis team",
  nhs_111_mental_health: "NHS 111, option 2 (mental health)",
  emergency_999: "999 emergency services",
  other: "somewhere else",
};

export const CONTACT_FORMATS = {
  individual: "Individual",
  group: "Group",
} as const;

export const CLOSE_REASONS = {
  declined: "They declined further support",
  not_needed: "No longer needed",
  left_service: "They left the service",
  supported_elsewhere: "Supported elsewhere",
} as const;

/** What an initiative's evaluation can watch: each is a monthly figure of the covered teams. */
export const OUTCOME_MEASURES = {
  distress_first_contact: "Mean distress at first contact",
  distress_high: "Distress 7 or more at first contact",
  information_reached: "Information fully or mostly reached staff",
  exposure_rate: "Exposures per 100 staff a month",
  debrief_coverage: "Support contact within 72 hours",
} as const;

export const CONTACT_TYPE_KEYS = keysOf(CONTACT_TYPES);
export const OUTCOME_MEASURE_KEYS = keysOf(OUTCOME_MEASURES);
export const INCIDENT_TYPE_KEYS = keysOf(INCIDENT_TYPES);
export const INVOLVEMENT_KEYS = keysOf(INVOLVEMENTS);
export const PARTNER_AGENCY_KEYS = keysOf(PARTNER_AGENCIES);
export const SERVICE_KIND_KEYS = keysOf(SERVICE_KINDS);
export const INFORMATION_REACHED_KEYS = keysOf(INFORMATION_REACHED);
export const BARRIER_KEYS = keysOf(BARRIERS);
export const RISK_INDICATOR_KEYS = keysOf(RISK_INDICATORS);
export const OUTCOME_KEYS = keysOf(OUTCOMES);
export const SIGNPOST_KEYS = keysOf(SIGNPOSTS);
export const URGENT_DESTINATION_KEYS = keysOf(URGENT_DESTINATIONS);
export const CONTACT_FORMAT_KEYS = keysOf(CONTACT_FORMATS);

/** Options for a checkbox, radio or select list, in the order the labels are declared. */
export function optionsOf(labels: Record<string, string>) {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

export const DELETE_REASONS = {
  logged_in_error: "Logged in error",
  duplicate: "Logged twice",
  wrong_person: "Logged for the wrong person",
  withdrawn: "The staff member asked for it to be removed",
} as const;
