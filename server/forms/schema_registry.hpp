// The JSON Schemas of the three notices, loaded and compiled once at start-up and then
// shared, immutable, by every request thread.
//
// Files in `schema_dir`: common.schema.json (shared definitions), one
// <form_id>.schema.json per form (child-welfare-notification, anticipatory-notification,
// contact-request) and translations.json (messages). The bytes are kept as read: they are
// what the web forms download (with `etag`) and what `sha256` identifies in a stored record.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "forms/translations.hpp"

namespace valijson {
class Schema;
}

namespace huoli::forms {

struct schema_file {
    std::string file_name;  // "common.schema.json"
    std::string bytes;      // exactly as on disk
    std::string sha256;     // lower-case hex of `bytes`
    std::string etag;       // strong ETag: quoted first 32 hex digits of `sha256`
    std::string version;    // "x-version" of a schema; "" for translations.json
    nlohmann::json document;
};

struct form_schema {
    std::string form_id;
    schema_file file;
    // SHA-256 of the form file's bytes followed by common.schema.json's bytes: both
    // decide what was accepted, so a stored submission records this one value.
    std::string schema_sha256;
    std::shared_ptr<const valijson::Schema> compiled;
};

class schema_registry {
public:
    // Start-up only. Throws std::runtime_error with a message naming the file for: a file
    // that is missing or not JSON, a schema valijson refuses, a pattern that is not
    // bounded (require_bounded_pattern), a form with its own "definitions" or a `$ref`
    // into another file outside /definitions/ (valijson 1.0 caches sub-schemas by
    // pointer without the file name, so those could silently resolve to the wrong
    // definition), a missing "x-version", and a malformed translations.json.
    static schema_registry load(const std::filesystem::path& schema_dir);

    std::vector<std::string> form_ids() const;  // sorted
    const form_schema* find(std::string_view form_id) const;
    const schema_file& common() const { return common_; }
    const schema_file& translations_file() const { return translations_file_; }
    const translations& messages() const { return messages_; }

private:
    schema_file common_;
    schema_file translations_file_;
    translations messages_;
    std::map<std::string, form_schema, std::less<>> forms_;
};

}  // namespace huoli::forms
