#include <set>
#include <thread>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/receipt.hpp"

namespace huoli::store {
namespace {

TEST(receipt, alphabet_has_no_symbols_that_look_or_sound_alike) {
    for (char confusable : std::string("0O1IL U")) {
        EXPECT_EQ(receipt_alphabet.find(confusable), std::string_view::npos) << confusable;
    }
    EXPECT_EQ(receipt_alphabet.size(), 30u);
    EXPECT_EQ(std::set<char>(receipt_alphabet.begin(), receipt_alphabet.end()).size(), receipt_alphabet.size());
}

TEST(receipt, is_ten_symbols_grouped_four_four_two) {
    auto r = new_receipt();
    ASSERT_TRUE(r.ok());
    const std::string& s = r.value();
    ASSERT_EQ(s.size(), 12u);
    EXPECT_EQ(s[4], '-');
    EXPECT_EQ(s[9], '-');
    EXPECT_TRUE(is_receipt(s)) << s;
}

TEST(receipt, ten_thousand_receipts_are_unique_and_use_the_whole_alphabet) {
    std::set<std::string> seen;
    std::set<char> symbols;
    for (int i = 0; i < 10000; ++i) {
        auto r = new_receipt();
        ASSERT_TRUE(r.ok());
        ASSERT_TRUE(is_receipt(r.value())) << r.value();
        seen.insert(r.value());
        for (char c : r.value()) {
            if (c != '-') symbols.insert(c);
        }
    }
    EXPECT_EQ(seen.size(), 10000u);
    // 100 000 uniform draws miss a symbol with probability ~30·(29/30)^100000, i.e. never.
    EXPECT_EQ(symbols, std::set<char>(receipt_alphabet.begin(), receipt_alphabet.end()));
}

TEST(receipt, threads_drawing_at_once_never_get_the_same_receipt_or_id) {
    // Each thread draws from a pool of random bytes of its own (receipt.cpp); no two may hand out
    // the same bytes.
    constexpr int per_thread = 3000;
    std::vector<std::string> drawn[4];
    std::vector<std::thread> threads;
    for (auto& out : drawn) {
        threads.emplace_back([&out] {
            for (int i = 0; i < per_thread; ++i) {
                auto id = new_notice_id();
                auto receipt = new_receipt();
                if (!id.ok() || !receipt.ok()) return;
                out.push_back(id.value().substr(14));  // the random part, after the time and version
                out.push_back(receipt.value());
            }
        });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> seen;
    for (const auto& out : drawn) {
        ASSERT_EQ(out.size(), 2u * per_thread);
        seen.insert(out.begin(), out.end());
    }
    EXPECT_EQ(seen.size(), 4u * 2u * per_thread);
}

TEST(receipt, is_receipt_rejects_other_shapes_and_confusable_symbols) {
    EXPECT_TRUE(is_receipt("ABCD-EFGH-JK"));
    EXPECT_FALSE(is_receipt("ABCDEFGHJK"));
    EXPECT_FALSE(is_receipt("abcd-efgh-jk"));
    EXPECT_FALSE(is_receipt("ABCD-EFGH-J0"));
    EXPECT_FALSE(is_receipt("ABCD-EFGH-JI"));
    EXPECT_FALSE(is_receipt("ABCD-EFGH-JKM"));
    EXPECT_FALSE(is_receipt("ABC-DEFGH-JK"));
}

TEST(notice_id, is_a_time_ordered_version_7_uuid) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto id = new_notice_id();
        ASSERT_TRUE(id.ok());
        const std::string& s = id.value();
        ASSERT_EQ(s.size(), 36u);
        EXPECT_EQ(s[8], '-');
        EXPECT_EQ(s[13], '-');
        EXPECT_EQ(s[18], '-');
        EXPECT_EQ(s[23], '-');
        EXPECT_EQ(s[14], '7');
        EXPECT_NE(std::string("89ab").find(s[19]), std::string::npos) << s;
        EXPECT_EQ(s.find_first_not_of("0123456789abcdef-"), std::string::npos) << s;
        seen.insert(s);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(notice_id, later_ids_sort_after_earlier_ones) {
    auto first = new_notice_id();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    auto second = new_notice_id();
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_LT(first.value(), second.value());
}

}  // namespace
}  // namespace huoli::store
