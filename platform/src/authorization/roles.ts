// Who may do what. Roles are ordered: each includes the rights of the ones before it.
export const ROLES = ["reader", "writer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The subject of a caller without credentials (a reader, where anonymous access is allowed). */
export const ANONYMOUS_SUBJECT = "anonymous";

export interface Identity {
  /** "apikey:<id>", "jwt:<sub>" or "anonymous" */
  subject: string;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasRole(identity: Identity, required: Role): boolean {
  return ROLES.indexOf(identity.role) >= ROLES.indexOf(required);
}
