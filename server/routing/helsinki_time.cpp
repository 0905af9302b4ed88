#include "routing/helsinki_time.hpp"

namespace huoli::routing {

using namespace std::chrono;

hours helsinki_utc_offset(system_clock::time_point utc) {
    // Both changes are in March and October, so the UTC year is the local year here.
    const year y = year_month_day{floor<days>(utc)}.year();
    const sys_seconds summer_starts = sys_days{y / March / Sunday[last]} + hours{1};
    const sys_seconds summer_ends = sys_days{y / October / Sunday[last]} + hours{1};
    const sys_seconds t = floor<seconds>(utc);
    return (t >= summer_starts && t < summer_ends) ? hours{3} : hours{2};
}

year_month_day helsinki_local_date(system_clock::time_point utc) {
    return year_month_day{floor<days>(utc + helsinki_utc_offset(utc))};
}

}  // namespace huoli::routing
