#include <gtest/gtest.h>

#include "queue/cursor.hpp"

namespace huoli::queue {
namespace {

TEST(cursor, round_trips) {
    const cursor c{"2025-03-04T10:00:00.000Z", "0b4e5a7c-1f2d-4c3b-9a8e-7d6c5b4a3f21"};
    auto back = decode_cursor(encode_cursor(c));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->available_since, c.available_since);
    EXPECT_EQ(back->notice_id, c.notice_id);
}

TEST(cursor, rejects_anything_it_cannot_have_produced) {
    EXPECT_FALSE(decode_cursor(""));
    EXPECT_FALSE(decode_cursor("abc"));
    EXPECT_FALSE(decode_cursor("zz"));
    EXPECT_FALSE(decode_cursor(encode_cursor({"yesterday", "0b4e"})));
    EXPECT_FALSE(decode_cursor(encode_cursor({"2025-03-04T10:00:00.000Z", "x' OR 1=1 --"})));
    EXPECT_FALSE(decode_cursor(std::string(300, 'a')));
}

}  // namespace
}  // namespace huoli::queue
