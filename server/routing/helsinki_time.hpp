// Europe/Helsinki civil time, for turning a receipt instant into the date its statutory clock
// counts from (the "vireilletulopäivä" is a Finnish calendar day).
//
// g++ 12's libstdc++ has no std::chrono::zoned_time or tzdb, and Boost.DateTime's time-zone
// database would be one more file to ship; so the rule is written out here: EET (UTC+2), and
// summer time (UTC+3) from the last Sunday of March 01:00 UTC to the last Sunday of October
// 01:00 UTC (Directive 2000/84/EC). If the EU ever abolishes the change, this is the one place
// to edit.
#pragma once

#include <chrono>

namespace huoli::routing {

// The offset from UTC in force in Helsinki at `utc`: 2 or 3 hours. Right from 1996 on (earlier years ended summer time in September).
std::chrono::hours helsinki_utc_offset(std::chrono::system_clock::time_point utc);

// The calendar date in Helsinki at `utc`, e.g. 2025-12-31T22:30Z → 2026-01-01.
std::chrono::year_month_day helsinki_local_date(std::chrono::system_clock::time_point utc);

}  // namespace huoli::routing
