// The Finnish working-day calendar (arkipäivä) and the statutory clocks of a child welfare
// notification. Pure functions of dates; the caller converts the receipt instant to a
// Europe/Helsinki date first (helsinki_time.hpp).
//
// Non-working days: Saturdays and Sundays; New Year's Day, Epiphany, Good Friday, Easter Sunday
// and Monday, Ascension Day, Whit Sunday, Midsummer Day, All Saints' Day, Christmas Day and
// St Stephen's Day (the church holidays); May Day and Independence Day; Midsummer Eve and
// Christmas Eve. 150/1930 5 § lets none of them be the last day of a time limit; THL counts no
// "pyhäpäivä" or "arkilauantai" as a working day, and public offices are closed on all of them,
// so they do not count inside the 7-day window either (domain README D.2: this reading gives
// 7.1.2026, not 5.1.2026, for a receipt on 22.12.2025).
//
// Clocks: child welfare notifications and contact requests about a child start the LSL 26 §
// (SHL 36 §) clocks on receipt. An anticipatory notification (LSL 25 c §) starts none: the
// matter becomes pending only after the birth (25 c § 3 mom), so callers must not call these
// for it; the caller decides what, if anything, to show.
#pragma once

#include <chrono>
#include <string>

namespace huoli::routing {

// Western (Gregorian) Easter Sunday; valid for any year from 1583.
std::chrono::year_month_day easter_sunday(std::chrono::year y);

bool is_working_day(std::chrono::year_month_day date);

// The n-th working day after `start` (start itself does not count, 150/1930 2 §); a negative n
// counts backwards; n == 0 returns start unchanged.
std::chrono::year_month_day add_working_days(std::chrono::year_month_day start, int n);

// LSL 26 § 5 mom: the decision whether to assess must be made "viimeistään seitsemäntenä
// arkipäivänä" after the matter became pending — the 7th working day after receipt.
std::chrono::year_month_day decision_due(std::chrono::year_month_day received);

// LSL 26 § 5 mom: the assessment must be complete within three months of receipt. 150/1930 3 §:
// the day with the same number three months later, or the last day of that month if it has no
// such day; 5 §: moved forward to the next working day if that is not one.
std::chrono::year_month_day assessment_due(std::chrono::year_month_day received);

// "YYYY-MM-DD", the form dates are stored and sent in.
std::string iso_date(std::chrono::year_month_day date);

}  // namespace huoli::routing
