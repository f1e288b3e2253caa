import { describe, expect, test } from "vitest";
import { CASE_RECORD, auditRecordShownToAdministrators } from "./audit-view";

describe("auditRecordShownToAdministrators", () => {
  test("a line about anything in a case names no person or record", () => {
    for (const type of ["staff_member", "staff_member_rights", "exposure", "support_contact", "follow_up"]) {
      expect(auditRecordShownToAdministrators(type, "demo-staff-np-1009")).toBe(CASE_RECORD);
    }
  });

  test("a kind of record not known to be administrative is shown as a case record", () => {
    expect(auditRecordShownToAdministrators("something_new", "42")).toBe(CASE_RECORD);
  });

  test("records administrators manage keep their ids", () => {
    expect(auditRecordShownToAdministrators("user", "u1")).toBe("user u1");
    expect(auditRecordShownToAdministrators("team", "t1")).toBe("team t1");
    expect(auditRecordShownToAdministrators("user_list", null)).toBe("user_list");
    expect(auditRecordShownToAdministrators(null, null)).toBe("—");
  });

  test("a refused page keeps its section only", () => {
    expect(auditRecordShownToAdministrators("route", "/staff/demo-staff-np-1009/exposures/1003")).toBe("page /staff/…");
    expect(auditRecordShownToAdministrators("route", "/admin/staff/demo-staff-np-1009")).toBe("page /admin/staff/…");
    expect(auditRecordShownToAdministrators("route", "/admin/users")).toBe("page /admin/users");
    expect(auditRecordShownToAdministrators("route", "/caseload")).toBe("page /caseload");
  });
});
