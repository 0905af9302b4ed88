#include "identifiers/business_id.hpp"

namespace huoli::identifiers {

bool valid_business_id(std::string_view id) {
    if (id.size() != 9 || id[7] != '-') return false;
    constexpr int weights[7] = {7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 7; ++i) {
        if (id[i] < '0' || id[i] > '9') return false;
        sum += weights[i] * (id[i] - '0');
    }
    if (id[8] < '0' || id[8] > '9') return false;
    const int remainder = sum % 11;
    if (remainder == 1) return false;
    const int check = remainder == 0 ? 0 : 11 - remainder;
    return id[8] - '0' == check;
}

}  // namespace huoli::identifiers
