#include "forms/schema_registry.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <valijson/schema.hpp>

#include "forms/schema_compiler.hpp"
#include "json/digest.hpp"

namespace huoli::forms {

namespace {

constexpr std::string_view schema_suffix = ".schema.json";
constexpr std::string_view common_name = "common.schema.json";

schema_file read_file(const std::filesystem::path& path, bool is_schema) {
    schema_file f;
    f.file_name = path.filename().string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(f.file_name + ": cannot be read");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    f.bytes = buffer.str();
    f.sha256 = json::sha256_hex(f.bytes);
    f.etag = "\"" + f.sha256.substr(0, 32) + "\"";
    try {
        f.document = nlohmann::json::parse(f.bytes);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(f.file_name + ": not valid JSON: " + e.what());
    }
    if (!f.document.is_object()) throw std::runtime_error(f.file_name + ": not a JSON object");
    if (is_schema) {
        auto version = f.document.find("x-version");
        if (version == f.document.end() || !version->is_string()) {
            throw std::runtime_error(f.file_name + ": no \"x-version\" string");
        }
        f.version = version->get<std::string>();
    }
    return f;
}

schema_policy server_policy() {
    schema_policy policy;
    policy.on_pattern = require_bounded_pattern;
    policy.on_ref = [](const std::string& ref) {
        if (ref.empty() || ref.front() == '#') return;
        const std::string expected = std::string(common_name) + "#/definitions/";
        if (ref.compare(0, expected.size(), expected) != 0) {
            throw std::runtime_error("$ref '" + ref + "' must point into " + expected);
        }
    };
    return policy;
}

}  // namespace

schema_registry schema_registry::load(const std::filesystem::path& schema_dir) {
    schema_registry registry;
    registry.common_ = read_file(schema_dir / common_name, true);
    const std::string common_file = registry.common_.file_name;
    try {
        // The policy's checks run as a side effect of preparing the document.
        (void)prepare_schema(registry.common_.document, server_policy());
    } catch (const std::exception& e) {
        throw std::runtime_error(common_file + ": " + e.what());
    }

    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(schema_dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name == common_name || name.size() <= schema_suffix.size() ||
            name.compare(name.size() - schema_suffix.size(), schema_suffix.size(), schema_suffix) != 0) {
            continue;
        }
        form_schema form;
        form.form_id = name.substr(0, name.size() - schema_suffix.size());
        form.file = read_file(entry.path(), true);
        form.schema_sha256 = json::sha256_hex(form.file.bytes + registry.common_.bytes);
        if (form.file.document.contains("definitions")) {
            throw std::runtime_error(name + ": a form schema must not have its own \"definitions\"");
        }
        const nlohmann::json& common_document = registry.common_.document;
        auto fetch = [&](const std::string& uri) -> std::optional<nlohmann::json> {
            if (uri == common_name) return common_document;
            return std::nullopt;
        };
        try {
            form.compiled = compile_schema(form.file.document, fetch, server_policy());
        } catch (const std::exception& e) {
            throw std::runtime_error(name + ": " + e.what());
        }
        registry.forms_.emplace(form.form_id, std::move(form));
    }
    if (ec) throw std::runtime_error(schema_dir.string() + ": cannot list the directory: " + ec.message());
    if (registry.forms_.empty()) throw std::runtime_error(schema_dir.string() + ": no form schema (*.schema.json)");

    registry.translations_file_ = read_file(schema_dir / "translations.json", false);
    registry.messages_ = translations::from_json(registry.translations_file_.document, "translations.json");
    return registry;
}

std::vector<std::string> schema_registry::form_ids() const {
    std::vector<std::string> ids;
    for (const auto& [id, form] : forms_) ids.push_back(id);
    return ids;
}

const form_schema* schema_registry::find(std::string_view form_id) const {
    auto it = forms_.find(form_id);
    return it == forms_.end() ? nullptr : &it->second;
}

}  // namespace huoli::forms
