import { describe, expect, test } from "vitest";
import { lastPublishableMonth, longDay, publicationDay } from "~/domain/publication";

describe("when a month is published", () => {
  test("November is published on 8 December with a 7-day delay, in the organisation's time zone", () => {
    expect(publicationDay("2026-11", 7)).toBe("2026-12-08");
    expect(publicationDay("2026-12", 7)).toBe("2027-01-08");
    // 7 December 23:59 in London: still settling; from midnight on the 8th it is due.
    expect(lastPublishableMonth(new Date("2026-12-07T23:59:00Z"), "Europe/London", 7)).toBe("2026-10");
    expect(lastPublishableMonth(new Date("2026-12-08T00:00:00Z"), "Europe/London", 7)).toBe("2026-11");
    // British Summer Time: 8 August starts at 23:00 UTC on the 7th.
    expect(lastPublishableMonth(new Date("2026-08-07T23:00:00Z"), "Europe/London", 7)).toBe("2026-07");
    expect(lastPublishableMonth(new Date("2026-08-07T22:59:00Z"), "Europe/London", 7)).toBe("2026-06");
  });

  test("with no delay a month is published as soon as it ends", () => {
    expect(lastPublishableMonth(new Date("2026-12-01T00:00:00Z"), "UTC", 0)).toBe("2026-11");
    expect(publicationDay("2026-11", 0)).toBe("2026-12-01");
  });

  test("days read as people write them", () => {
    expect(longDay("2026-12-08")).toBe("8 December 2026");
  });
});
