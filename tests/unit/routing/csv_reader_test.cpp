#include "routing/csv_reader.hpp"

#include <gtest/gtest.h>

#include "test_data.hpp"

namespace huoli::routing {
namespace {

TEST(csv_reader, parses_header_and_rows_of_quoted_fields) {
    auto t = parse_quoted_csv("\"code\",\"name\"\n\"005\",\"Alajärvi\"\n\"009\",\"Alavieska\"\n");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().header, (std::vector<std::string>{"code", "name"}));
    ASSERT_EQ(t.value().rows.size(), 2u);
    EXPECT_EQ(t.value().rows[0][1], "Alajärvi");
    EXPECT_EQ(t.value().column("name"), 1);
    EXPECT_EQ(t.value().column("missing"), -1);
}

TEST(csv_reader, keeps_commas_and_doubled_quotes_inside_fields) {
    auto t = parse_quoted_csv("\"a\"\n\"x, \"\"y\"\"\"\n");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().rows[0][0], "x, \"y\"");
}

TEST(csv_reader, accepts_crlf_and_a_missing_final_line_end) {
    auto t = parse_quoted_csv("\"a\",\"b\"\r\n\"1\",\"2\"");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().rows.at(0), (std::vector<std::string>{"1", "2"}));
}

TEST(csv_reader, rejects_an_unquoted_field) {
    auto t = parse_quoted_csv("\"a\",\"b\"\n\"1\",2\n");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, "csv_malformed");
    EXPECT_NE(t.error().detail.find("line 2"), std::string::npos);
}

TEST(csv_reader, rejects_a_row_with_the_wrong_number_of_fields) {
    auto t = parse_quoted_csv("\"a\",\"b\"\n\"1\"\n");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, "csv_malformed");
}

TEST(csv_reader, rejects_an_unterminated_quote_and_text_after_a_field) {
    EXPECT_EQ(parse_quoted_csv("\"a\n").error().code, "csv_malformed");
    EXPECT_EQ(parse_quoted_csv("\"a\"x\n").error().code, "csv_malformed");
}

TEST(csv_reader, rejects_empty_input) {
    EXPECT_EQ(parse_quoted_csv("").error().code, "csv_empty");
}

TEST(csv_reader, reports_a_missing_file_as_unreadable) {
    auto bytes = read_file_bytes(test::data_dir() / "no_such_file.csv");
    ASSERT_FALSE(bytes.ok());
    EXPECT_EQ(bytes.error().code, "file_unreadable");
}

TEST(csv_reader, reads_the_real_municipality_file) {
    auto bytes = read_file_bytes(test::municipalities_csv());
    ASSERT_TRUE(bytes.ok());
    auto t = parse_quoted_csv(bytes.value());
    ASSERT_TRUE(t.ok()) << t.error().detail;
    EXPECT_EQ(t.value().header.size(), 12u);
    EXPECT_EQ(t.value().rows.size(), 308u);
}

}  // namespace
}  // namespace huoli::routing
