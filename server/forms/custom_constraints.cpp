#include "forms/custom_constraints.hpp"

#include <new>
#include <regex>
#include <stdexcept>
#include <type_traits>

#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include "forms/error_mapping.hpp"
#include "forms/format_checks.hpp"

namespace huoli::forms {

namespace {

thread_local const format_scope* current_scope = nullptr;

void push(valijson::ValidationResults* results, const std::vector<std::string>& context, std::string_view code) {
    if (results) results->pushError(context, std::string(custom_error_prefix) + std::string(code));
}

// Shared by the three constraints: valijson copies constraints into the Schema with
// placement new, so each one must say how to copy and how big it is.
template <class Derived>
class copyable_constraint : public valijson::constraints::PolyConstraint {
private:
    Constraint* cloneInto(void* where) const override { return new (where) Derived(static_cast<const Derived&>(*this)); }
    size_t sizeOf() const override { return sizeof(Derived); }
};

class pattern_constraint : public copyable_constraint<pattern_constraint> {
public:
    explicit pattern_constraint(const std::string& pattern) : regex_(compile(pattern)) {}

    bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        if (!target.isString()) return true;
        const std::string subject = target.getString();
        // The length test comes first and is the whole of the stack-safety argument.
        if (subject.size() > max_pattern_subject_bytes || !std::regex_search(subject, regex_)) {
            push(results, context, "pattern");
            return false;
        }
        return true;
    }

private:
    static std::regex compile(const std::string& pattern) {
        try {
            return std::regex(pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            throw std::runtime_error("pattern '" + pattern + "' does not compile: " + e.what());
        }
    }

    std::regex regex_;  // immutable after construction: matching from many threads is safe
};

class forbidden_constraint : public copyable_constraint<forbidden_constraint> {
public:
    bool validate(const valijson::adapters::Adapter&, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        push(results, context, "additional_property");
        return false;
    }
};

template <class Constraint>
class builder : public valijson::ConstraintBuilder {
public:
    valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
        if constexpr (std::is_default_constructible_v<Constraint>) {
            return new Constraint();
        } else {
            std::string text;
            if (!value.getString(text)) throw std::runtime_error("custom keyword expects a string value");
            return new Constraint(text);
        }
    }
};

class format_constraint : public copyable_constraint<format_constraint> {
public:
    explicit format_constraint(const std::string& format) : format_(format) {}

    bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        if (!target.isString()) return true;
        static const std::function<bool(std::string_view)> no_lookup;
        const format_scope* scope = current_scope;
        // Record only on the reporting path: `if` conditions are evaluated without results
        // and do not decide what the document contains.
        std::string code;
        std::string normalised;
        if (format_ == "fi-phone") {
            // Parsed here once; the hit carries the E.164 form to the normalising pass.
            auto e164 = normalise_phone_number(target.getString());
            if (e164) {
                normalised = std::move(*e164);
            } else {
                code = "format_fi_phone";
            }
        } else {
            code = check_format(format_, target.getString(), scope ? scope->municipality_exists() : no_lookup);
        }
        if (scope && results) scope->record({context_to_pointer(context), format_, std::move(normalised)});
        if (code.empty()) return true;
        push(results, context, code);
        return false;
    }

private:
    std::string format_;
};

}  // namespace

format_scope::format_scope(const std::function<bool(std::string_view)>& municipality_exists,
                           std::vector<format_hit>& hits)
    : previous_(current_scope), municipality_exists_(municipality_exists), hits_(hits) {
    current_scope = this;
}

format_scope::~format_scope() { current_scope = previous_; }

void register_custom_constraints(valijson::SchemaParser& parser) {
    // The parser takes ownership of the builders.
    parser.addConstraintBuilder(std::string(pattern_keyword), new builder<pattern_constraint>());
    parser.addConstraintBuilder(std::string(format_keyword), new builder<format_constraint>());
    parser.addConstraintBuilder(std::string(forbidden_keyword), new builder<forbidden_constraint>());
}

}  // namespace huoli::forms
