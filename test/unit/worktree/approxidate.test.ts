import { describe, expect, test } from "bun:test";
import { parseExpiryDate } from "../../../src/core/worktree/approxidate.ts";
import { BadExpiryError } from "../../../src/core/worktree/errors.ts";

const NOW = Date.UTC(2024, 5, 15, 12, 0, 0); // 2024-06-15T12:00:00Z
const nowSec = NOW / 1000;

describe("parseExpiryDate (git's parse_expiry_date subset)", () => {
  test("now/all expire everything, never/false nothing", () => {
    expect(parseExpiryDate("now", NOW)).toBe(Number.POSITIVE_INFINITY);
    expect(parseExpiryDate("all", NOW)).toBe(Number.POSITIVE_INFINITY);
    expect(parseExpiryDate("never", NOW)).toBe(0);
    expect(parseExpiryDate("false", NOW)).toBe(0);
  });
  test("relative times, dotted or spaced, with or without 'ago'", () => {
    expect(parseExpiryDate("2.weeks.ago", NOW)).toBe(nowSec - 14 * 86400);
    expect(parseExpiryDate("3 days ago", NOW)).toBe(nowSec - 3 * 86400);
    expect(parseExpiryDate("1.hour", NOW)).toBe(nowSec - 3600);
    expect(parseExpiryDate("90 seconds ago", NOW)).toBe(nowSec - 90);
    expect(parseExpiryDate("1.day.2.hours.ago", NOW)).toBe(nowSec - 86400 - 7200);
    const monthAgo = new Date(NOW);
    monthAgo.setMonth(monthAgo.getMonth() - 3);
    expect(parseExpiryDate("3.months.ago", NOW)).toBe(monthAgo.getTime() / 1000);
  });
  test("ISO dates, with zone or in local time", () => {
    expect(parseExpiryDate("2024-01-31T10:00:00Z", NOW)).toBe(Date.UTC(2024, 0, 31, 10) / 1000);
    expect(parseExpiryDate("2024-01-31 10:00 +0200", NOW)).toBe(Date.UTC(2024, 0, 31, 8) / 1000);
    expect(parseExpiryDate("2024-01-31", NOW)).toBe(new Date(2024, 0, 31).getTime() / 1000);
  });
  test("unix timestamps", () => {
    expect(parseExpiryDate("@1700000000", NOW)).toBe(1700000000);
    expect(parseExpiryDate("1700000000", NOW)).toBe(1700000000);
  });
  test("anything else is refused with a usage error", () => {
    for (const bad of ["someday", "3 fortnights ago", "2024-13-01", "", "ago", "12"]) {
      expect(() => parseExpiryDate(bad, NOW)).toThrow(BadExpiryError);
    }
    try {
      parseExpiryDate("someday", NOW);
    } catch (e) {
      expect((e as BadExpiryError).exitCode).toBe(2);
      expect((e as BadExpiryError).code).toBe("E_BAD_EXPIRY");
    }
  });
});
