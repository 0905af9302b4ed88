#include "routing/queue_config.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "test_data.hpp"

namespace huoli::routing {
namespace {

using nlohmann::json;
using test::real_table;

queue_config parse(const char* text) { return queue_config::parse(json::parse(text), real_table()); }

// The message of the queue_config_error that parsing `text` throws, or "" if it parses.
std::string rejection(const char* text) {
    try {
        parse(text);
    } catch (const queue_config_error& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

const char* lapland_split = R"({"organisations": {"lapland": {"queues": [
    {"id": "lapland-north-children", "municipalities": ["698", "732"], "subject": "child"},
    {"id": "lapland-children", "subject": "child"},
    {"id": "lapland-adults", "subject": "adult"}]}}})";

TEST(queue_config, gives_each_mainland_organisation_a_children_and_an_adults_queue_by_default) {
    const queue_config cfg = parse("{}");
    const auto ids = cfg.all_queue_ids();
    EXPECT_EQ(ids.size(), 44u);  // 21 counties + Helsinki, two queues each; Åland off
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(*cfg.queue_for("kainuu", "205", "child-welfare-notification", subject_kind::child), "kainuu-children");
    EXPECT_EQ(*cfg.queue_for("kainuu", "205", "anticipatory-notification", subject_kind::child), "kainuu-children");
    EXPECT_EQ(*cfg.queue_for("helsinki", "091", "contact-request", subject_kind::adult), "helsinki-adults");
    EXPECT_FALSE(cfg.aland_enabled());
    EXPECT_EQ(cfg.queue_for("aland", "478", "contact-request", subject_kind::child), nullptr);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), "aland-children"), 0);
}

TEST(queue_config, a_queue_takes_only_the_kinds_of_notice_its_rules_give_it) {
    const queue_config cfg = parse("{}");
    EXPECT_TRUE(cfg.queue_takes("lapland-children", "child-welfare-notification", subject_kind::child));
    EXPECT_TRUE(cfg.queue_takes("lapland-children", "contact-request", subject_kind::child));
    EXPECT_FALSE(cfg.queue_takes("lapland-adults", "child-welfare-notification", subject_kind::child));
    EXPECT_FALSE(cfg.queue_takes("lapland-children", "contact-request", subject_kind::adult));
    EXPECT_TRUE(cfg.queue_takes("lapland-adults", "contact-request", subject_kind::adult));
    EXPECT_FALSE(cfg.queue_takes("no-such-queue", "contact-request", subject_kind::adult));
}

TEST(queue_config, treats_null_and_explicit_defaults_as_the_empty_configuration) {
    const queue_config empty = parse("{}");
    EXPECT_EQ(queue_config::parse(json(), real_table()).config_hash(), empty.config_hash());
    EXPECT_EQ(parse(R"({"organisations": {"kainuu": {"queues": [
                  {"id": "kainuu-children", "subject": "child"}, {"id": "kainuu-adults", "subject": "adult"}]}},
                  "aland": {"enabled": false}})")
                  .config_hash(),
              empty.config_hash());
    EXPECT_EQ(empty.config_hash().size(), 64u);
}

TEST(queue_config, changes_its_hash_when_routing_changes) {
    EXPECT_NE(parse(lapland_split).config_hash(), parse("{}").config_hash());
    EXPECT_NE(parse(R"({"aland": {"enabled": true}})").config_hash(), parse("{}").config_hash());
}

TEST(queue_config, splits_an_organisation_by_municipality_first_match_wins) {
    const queue_config cfg = parse(lapland_split);
    EXPECT_EQ(*cfg.queue_for("lapland", "698", "child-welfare-notification", subject_kind::child), "lapland-north-children");
    EXPECT_EQ(*cfg.queue_for("lapland", "732", "contact-request", subject_kind::child), "lapland-north-children");
    EXPECT_EQ(*cfg.queue_for("lapland", "698", "contact-request", subject_kind::adult), "lapland-adults");
    EXPECT_EQ(*cfg.queue_for("lapland", "240", "child-welfare-notification", subject_kind::child), "lapland-children");
    EXPECT_EQ(cfg.organisation_of_queue("lapland-north-children"), "lapland");
    EXPECT_EQ(cfg.organisation_of_queue("kainuu-adults"), "kainuu");
    EXPECT_EQ(cfg.organisation_of_queue("nowhere"), std::nullopt);
    EXPECT_EQ(cfg.all_queue_ids().size(), 45u);
}

TEST(queue_config, splits_an_organisation_by_form) {
    const queue_config cfg = parse(R"({"organisations": {"helsinki": {"queues": [
        {"id": "helsinki-anticipatory", "forms": ["anticipatory-notification"]},
        {"id": "helsinki-intake"}]}}})");
    EXPECT_EQ(*cfg.queue_for("helsinki", "091", "anticipatory-notification", subject_kind::child), "helsinki-anticipatory");
    EXPECT_EQ(*cfg.queue_for("helsinki", "091", "child-welfare-notification", subject_kind::child), "helsinki-intake");
    EXPECT_EQ(*cfg.queue_for("helsinki", "091", "contact-request", subject_kind::adult), "helsinki-intake");
}

TEST(queue_config, gives_aland_default_queues_when_enabled) {
    const queue_config cfg = parse(R"({"aland": {"enabled": true}})");
    EXPECT_TRUE(cfg.aland_enabled());
    EXPECT_EQ(*cfg.queue_for("aland", "478", "contact-request", subject_kind::child), "aland-children");
    EXPECT_EQ(cfg.all_queue_ids().size(), 46u);
}

TEST(queue_config, rejects_unknown_keys_naming_them) {
    EXPECT_TRUE(contains(rejection(R"({"organisation": {}})"), "/organisation: unknown key"));
    EXPECT_TRUE(contains(rejection(R"({"aland": {"enable": true}})"), "/aland/enable: unknown key"));
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"kainuu": {"queues": [{"id": "k", "town": "205"}]}}})"),
                         "/organisations/kainuu/queues/0/town: unknown key"));
}

TEST(queue_config, rejects_an_organisation_that_is_not_in_the_table) {
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"uusimaa": {"queues": [{"id": "u"}]}}})"),
                         "/organisations/uusimaa: is not an organisation id"));
}

TEST(queue_config, rejects_a_municipality_of_another_organisation) {
    // 205 Kajaani is in Kainuu, not Lapland; 588 is abolished and must be written as 507.
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"lapland": {"queues": [
        {"id": "a", "municipalities": ["698", "205"]}, {"id": "b"}]}}})"),
                         "/organisations/lapland/queues/0/municipalities/1"));
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"south-savo": {"queues": [
        {"id": "a", "municipalities": ["588"]}, {"id": "b"}]}}})"),
                         "/organisations/south-savo/queues/0/municipalities/0"));
}

TEST(queue_config, rejects_rules_that_leave_a_notice_without_a_queue) {
    const std::string why = rejection(R"({"organisations": {"lapland": {"queues": [
        {"id": "lapland-north-children", "municipalities": ["698", "732"], "subject": "child"},
        {"id": "lapland-adults", "subject": "adult"}]}}})");
    EXPECT_TRUE(contains(why, "/organisations/lapland/queues: no queue for a child-welfare-notification about a child"))
        << why;
}

TEST(queue_config, rejects_bad_values_naming_the_key) {
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"kainuu": {"queues": [{"id": "Kainuu Children"}]}}})"),
                         "/organisations/kainuu/queues/0/id"));
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"kainuu": {"queues": [{"id": "k", "subject": "unborn"}]}}})"),
                         "/organisations/kainuu/queues/0/subject"));
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"kainuu": {"queues": [{"id": "k", "forms": ["letter"]}]}}})"),
                         "/organisations/kainuu/queues/0/forms/0"));
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"kainuu": {"queues": []}}})"), "/organisations/kainuu/queues"));
    EXPECT_TRUE(contains(rejection(R"({"aland": {"enabled": "yes"}})"), "/aland/enabled"));
    EXPECT_TRUE(contains(rejection(R"([])"), "/: must be an object"));
}

TEST(queue_config, rejects_a_queue_id_shared_by_two_organisations) {
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"lapland": {"queues": [{"id": "kainuu-children"}]}}})"),
                         "queue id kainuu-children also belongs to"));
}

TEST(queue_config, rejects_queues_for_aland_unless_aland_is_enabled) {
    EXPECT_TRUE(contains(rejection(R"({"organisations": {"aland": {"queues": [{"id": "kst"}]}}})"),
                         "/organisations/aland"));
    EXPECT_EQ(rejection(R"({"aland": {"enabled": true}, "organisations": {"aland": {"queues": [{"id": "kst"}]}}})"),
              "");
}

class queue_config_file : public test::scratch_dir {};

TEST(queue_config, serves_only_the_listed_organisations_and_gives_the_others_no_queues) {
    const queue_config cfg = parse(R"({"served": ["kainuu", "north-ostrobothnia"]})");
    EXPECT_TRUE(cfg.serves("kainuu"));
    EXPECT_TRUE(cfg.serves("north-ostrobothnia"));
    EXPECT_FALSE(cfg.serves("lapland"));
    EXPECT_FALSE(cfg.serves("helsinki"));
    EXPECT_FALSE(cfg.serves("aland"));
    EXPECT_EQ(cfg.all_queue_ids(), (std::vector<std::string>{"kainuu-adults", "kainuu-children",
                                                               "north-ostrobothnia-adults", "north-ostrobothnia-children"}));
    EXPECT_EQ(cfg.queue_for("lapland", "698", "child-welfare-notification", subject_kind::child), nullptr);
    // Nothing can be transferred to an organisation that is not served: it has no queue to take it.
    EXPECT_FALSE(cfg.queue_takes("lapland-children", "child-welfare-notification", subject_kind::child));
    EXPECT_FALSE(cfg.organisation_of_queue("lapland-children"));
}

TEST(queue_config, serves_every_organisation_when_served_is_absent_or_lists_them_all) {
    const queue_config all = parse("{}");
    for (const organisation& o : real_table().organisations()) EXPECT_EQ(all.serves(o.id), !o.aland) << o.id;
    json every = json::array();
    for (const organisation& o : real_table().organisations()) {
        if (!o.aland) every.push_back(o.id);
    }
    EXPECT_EQ(queue_config::parse({{"served", every}}, real_table()).config_hash(), all.config_hash());
    EXPECT_NE(parse(R"({"served": ["kainuu"]})").config_hash(), all.config_hash());
}

TEST(queue_config, rejects_a_bad_served_list_naming_the_entry) {
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu", "uusimaa"]})"),
                         "/served/1: is not an organisation id of the municipality table"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu", 20]})"), "/served/1: is not an organisation id"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu", "kainuu"]})"), "/served/1: is listed twice"));
    EXPECT_TRUE(contains(rejection(R"({"served": []})"), "/served: must be a non-empty array"));
    EXPECT_TRUE(contains(rejection(R"({"served": "kainuu"})"), "/served: must be a non-empty array"));
}

TEST(queue_config, keeps_aland_behind_its_own_switch_when_served_is_listed) {
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu", "aland"]})"), "/served/1: Åland is served only with /aland/enabled true"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "aland": {"enabled": true}})"),
                         "/aland/enabled: is true but /served does not list aland"));
    EXPECT_TRUE(parse(R"({"served": ["kainuu", "aland"], "aland": {"enabled": true}})").serves("aland"));
}

TEST(queue_config, rejects_queues_for_an_organisation_that_is_not_served) {
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "organisations": {"lapland": {"queues": [{"id": "l"}]}}})"),
                         "/organisations/lapland: has queues but is not in /served"));
}

TEST(queue_config, keeps_where_the_notices_of_an_organisation_not_served_go) {
    const queue_config cfg = parse(R"({"served": ["kainuu"], "elsewhere": {
        "lapland": {"text": {"fi": "Lapin hyvinvointialue", "sv": "Lapplands välfärdsområde", "en": "Lapland"},
                    "url": "https://lapha.example/ilmoitus"},
        "helsinki": {"url": "https://hel.example/lastensuojeluilmoitus"}}})");
    ASSERT_NE(cfg.elsewhere("lapland"), nullptr);
    EXPECT_EQ(cfg.elsewhere("lapland")->text->sv, "Lapplands välfärdsområde");
    EXPECT_EQ(cfg.elsewhere("lapland")->url, "https://lapha.example/ilmoitus");
    ASSERT_NE(cfg.elsewhere("helsinki"), nullptr);
    EXPECT_FALSE(cfg.elsewhere("helsinki")->text);
    EXPECT_EQ(cfg.elsewhere("north-savo"), nullptr);
    EXPECT_EQ(cfg.elsewhere("kainuu"), nullptr);
    EXPECT_EQ(cfg.canonical()["elsewhere"]["helsinki"]["url"], "https://hel.example/lastensuojeluilmoitus");
}

TEST(queue_config, rejects_a_bad_elsewhere_entry_naming_the_key) {
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"kainuu": {"url": "https://k.example"}}})"),
                         "/elsewhere/kainuu: is served here"));
    EXPECT_TRUE(contains(rejection(R"({"elsewhere": {"lapland": {"url": "https://l.example"}}})"),
                         "/elsewhere/lapland: is served here"));  // served by default
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"lappi": {"url": "https://l.example"}}})"),
                         "/elsewhere/lappi: is not an organisation id"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"aland": {"url": "https://kst.example"}}})"),
                         "/elsewhere/aland: Åland's guidance is built in"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"lapland": {}}})"),
                         "/elsewhere/lapland: needs \"text\" or \"url\""));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"lapland": {"link": "x"}}})"),
                         "/elsewhere/lapland/link: unknown key"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"lapland": {"url": "http://l.example"}}})"),
                         "/elsewhere/lapland/url: must be an https:// URL"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"lapland": {"url": "https://l.example/a b"}}})"),
                         "/elsewhere/lapland/url"));
    EXPECT_TRUE(contains(rejection(R"({"served": ["kainuu"], "elsewhere": {"lapland": {"text": {"fi": "a", "sv": "b"}}}})"),
                         "/elsewhere/lapland/text/en: is required"));
    const std::string long_text(501, 'x');
    EXPECT_TRUE(contains(rejection(("{\"served\": [\"kainuu\"], \"elsewhere\": {\"lapland\": {\"text\": {\"fi\": \"" + long_text +
                                    "\", \"sv\": \"b\", \"en\": \"c\"}}}}").c_str()),
                         "/elsewhere/lapland/text/fi: is required: a text of 1–500 bytes"));
    const std::string long_url = "https://l.example/" + std::string(2040, 'a');
    EXPECT_TRUE(contains(rejection(("{\"served\": [\"kainuu\"], \"elsewhere\": {\"lapland\": {\"url\": \"" + long_url + "\"}}}").c_str()),
                         "/elsewhere/lapland/url: must be an https:// URL of at most 2048"));
}

TEST_F(queue_config_file, loads_a_file_and_rejects_one_that_is_not_json) {
    test::spit(dir_ / "queues.json", lapland_split);
    EXPECT_EQ(queue_config::load(dir_ / "queues.json", real_table()).config_hash(), parse(lapland_split).config_hash());
    test::spit(dir_ / "broken.json", "{\"organisations\": ");
    EXPECT_THROW(queue_config::load(dir_ / "broken.json", real_table()), queue_config_error);
    EXPECT_THROW(queue_config::load(dir_ / "absent.json", real_table()), queue_config_error);
}

}  // namespace
}  // namespace huoli::routing
