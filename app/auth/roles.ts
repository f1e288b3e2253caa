export const ROLES = ["admin", "supporter", "manager", "researcher"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  supporter: "Supporter",
  manager: "Manager",
  researcher: "Researcher",
};

/** Where each role starts after signing in. */
export const ROLE_HOME: Record<Role, { path: string; title: string; description: string }> = {
  supporter: {
    path: "/caseload",
    title: "My caseload",
    description: "Staff members you support, their follow-ups and referrals.",
  },
  manager: {
    path: "/dashboard",
    title: "Team trends",
    description: "Anonymised trends for the teams in your remit.",
  },
  researcher: {
    path: "/research",
    title: "Research",
    description: "Anonymised, aggregated data for evaluating information-sharing initiatives.",
  },
  admin: {
    path: "/admin",
    title: "Organisation",
    description: "Teams, users and organisation settings.",
  },
};

/** A user with one role goes straight to its page; a user with several chooses. */
export function homePathFor(roles: readonly Role[]): string {
  const [only] = roles;
  return roles.length === 1 && only ? ROLE_HOME[only].path : "/";
}
