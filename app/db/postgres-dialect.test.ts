import { describe, expect, it } from "vitest";
import { toPostgresSql } from "./postgres-dialect";

describe("toPostgresSql", () => {
  it("numbers the parameters and quotes the mixed-case names, as PostgreSQL needs", () => {
    expect(toPostgresSql("SELECT x.occurredMonth AS month, COUNT(*) AS onlyThis FROM Exposure x WHERE x.organisationId = ? AND x.occurredMonth BETWEEN ? AND ?")).toBe(
      'SELECT x."occurredMonth" AS month, COUNT(*) AS "onlyThis" FROM "Exposure" x WHERE x."organisationId" = $1 AND x."occurredMonth" BETWEEN $2 AND $3',
    );
  });

  it("leaves strings, quoted names, comments, keywords and functions as they are", () => {
    const sql = `SELECT 'agency:' || p."agency", 'it''s a ? Mixed' -- a comment with ? and CamelCase
      FROM "ExposurePartnerAgency" p /* Block ? Comment */ WHERE julianday(p.dueAt) > julianday('now') AND p.flag = FALSE`;
    expect(toPostgresSql(sql)).toBe(`SELECT 'agency:' || p."agency", 'it''s a ? Mixed' -- a comment with ? and CamelCase
      FROM "ExposurePartnerAgency" p /* Block ? Comment */ WHERE julianday(p."dueAt") > julianday('now') AND p.flag = FALSE`);
  });

  it("returns SQL already in PostgreSQL's dialect unchanged", () => {
    const prismaSql = 'SELECT "public"."Exposure"."id", "t1"."teamId" FROM "public"."Exposure" WHERE ("public"."Exposure"."id" = $1 AND $2::text IS NOT NULL) LIMIT $3 OFFSET $4';
    expect(toPostgresSql(prismaSql)).toBe(prismaSql);
  });

  it("does not take digits after a name, or a parameter's number, for names", () => {
    expect(toPostgresSql("SELECT who5Item1, $12, 3.5e2 FROM PulseResponse")).toBe('SELECT "who5Item1", $12, 3.5e2 FROM "PulseResponse"');
  });
});
