#include "routing/working_days.hpp"

#include <cstdio>

namespace huoli::routing {
namespace {

using namespace std::chrono;

// The first `weekday` on or after `from`: Midsummer and All Saints' Day are "the Saturday
// between ..." in the Church Act, not fixed dates.
year_month_day first_on_or_after(year_month_day from, weekday wd) {
    const sys_days d{from};
    return year_month_day{d + (wd - weekday{d})};
}

bool is_holiday(const year_month_day& date) {
    const year y = date.year();
    const auto fixed = [&](month m, unsigned d) { return date == year_month_day{y, m, day{d}}; };
    if (fixed(January, 1) || fixed(January, 6) || fixed(May, 1) || fixed(December, 6) || fixed(December, 24) ||
        fixed(December, 25) || fixed(December, 26)) {
        return true;
    }
    const sys_days easter{easter_sunday(y)};
    const sys_days d{date};
    for (int offset : {-2, 0, 1, 39, 49}) {  // Good Friday … Whit Sunday
        if (d == easter + days{offset}) return true;
    }
    const year_month_day midsummer_eve = first_on_or_after(year_month_day{y, June, day{19}}, Friday);
    if (date == midsummer_eve || d == sys_days{midsummer_eve} + days{1}) return true;
    return date == first_on_or_after(year_month_day{y, October, day{31}}, Saturday);
}

}  // namespace

year_month_day easter_sunday(year y) {
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    const int yr = static_cast<int>(y);
    const int a = yr % 19;
    const int b = yr / 100;
    const int c = yr % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month_number = (h + l - 7 * m + 114) / 31;
    const int day_number = (h + l - 7 * m + 114) % 31 + 1;
    return year_month_day{y, month{static_cast<unsigned>(month_number)}, day{static_cast<unsigned>(day_number)}};
}

bool is_working_day(year_month_day date) {
    const weekday wd{sys_days{date}};
    if (wd == Saturday || wd == Sunday) return false;
    return !is_holiday(date);
}

year_month_day add_working_days(year_month_day start, int n) {
    sys_days d{start};
    const days step{n < 0 ? -1 : 1};
    for (int remaining = n < 0 ? -n : n; remaining > 0;) {
        d += step;
        if (is_working_day(year_month_day{d})) --remaining;
    }
    return year_month_day{d};
}

year_month_day decision_due(year_month_day received) {
    return add_working_days(received, 7);
}

year_month_day assessment_due(year_month_day received) {
    year_month_day due = received + months{3};
    if (!due.ok()) due = year_month_day{year_month_day_last{due.year(), month_day_last{due.month()}}};
    sys_days d{due};
    while (!is_working_day(year_month_day{d})) d += days{1};
    return year_month_day{d};
}

std::string iso_date(std::chrono::year_month_day date) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buf;
}

}  // namespace huoli::routing
