/**
 * The `--expire <time>` values git's parse_expiry_date() accepts, for the
 * subset people use: "now"/"all" (everything: git's TIME_MAX), "never"/"false"
 * (0), relative times ("2.weeks.ago", "3 days ago", "1.hour"), ISO dates
 * ("2024-01-31", "2024-01-31 12:00[:00]", "2024-01-31T12:00:00Z", with an
 * optional "+hhmm" zone; local time otherwise, as git), "@<unix>" and a bare
 * unix timestamp (9+ digits, as git's match_digit()).
 */
import { BadExpiryError } from "./errors.ts";

const UNIT_SECONDS: Record<string, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  week: 7 * 86400,
};

/**
 * Parses an expiry date to unix seconds (Infinity for "now"/"all").
 * @param now current time in milliseconds (for tests)
 * @throws BadExpiryError for anything else
 */
export function parseExpiryDate(value: string, now: number = Date.now()): number {
  const v = value.trim().toLowerCase();
  if (v === "never" || v === "false") return 0;
  if (v === "now" || v === "all") return Number.POSITIVE_INFINITY;
  const nowSec = Math.floor(now / 1000);

  let m = /^@(\d+)$/.exec(v) ?? /^(\d{9,})$/.exec(v);
  if (m) return Number(m[1]);

  // Relative: "<n>[ .]<unit>[s][[ .]ago]", possibly several ("1.day.2.hours.ago").
  const words = v.split(/[\s.,_]+/).filter((w) => w !== "");
  if (words.length > 0 && /^\d+$/.test(words[0] as string)) {
    let date = new Date(nowSec * 1000);
    let ok = true;
    let seen = false;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (w === "ago" && seen && i === words.length - 1) break;
      const unit = (words[i + 1] ?? "").replace(/s$/, "");
      if (!/^\d+$/.test(w) || !unit) {
        ok = false;
        break;
      }
      const n = Number(w);
      if (UNIT_SECONDS[unit] !== undefined) date = new Date(date.getTime() - n * (UNIT_SECONDS[unit] as number) * 1000);
      else if (unit === "month") date.setMonth(date.getMonth() - n);
      else if (unit === "year") date.setFullYear(date.getFullYear() - n);
      else {
        ok = false;
        break;
      }
      seen = true;
      i++;
    }
    if (ok && seen) return Math.floor(date.getTime() / 1000);
  }

  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (m) {
    const [, y, mo, d, h = "0", mi = "0", s = "0", zone] = m;
    const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
    if (parts[1] > 11 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 60) throw new BadExpiryError(value);
    if (zone === undefined) return Math.floor(new Date(...parts).getTime() / 1000);
    const utc = Date.UTC(...parts) / 1000;
    if (zone === "z") return utc;
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) as RegExpExecArray;
    const offset = (Number(zm[2]) * 60 + Number(zm[3])) * 60 * (zm[1] === "-" ? -1 : 1);
    return utc - offset;
  }
  throw new BadExpiryError(value);
}
