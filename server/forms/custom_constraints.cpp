#include "forms/custom_constraints.hpp"

#include <cmath>
#include <cstdint>
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

// maxLength / minLength in code points, as JSON Schema counts. valijson's own copies the string
// and counts every byte of it, for every bound; a notice's free text is kilobytes long and its
// byte length alone settles nearly every case (a code point is 1 to 4 bytes). Strings here are
// valid UTF-8 (parse_guarded), so code points are the bytes that do not continue a sequence.
class length_constraint : public copyable_constraint<length_constraint> {
public:
    enum class bound { at_most, at_least };
    length_constraint(bound b, std::uint64_t limit) : bound_(b), limit_(limit) {}

    bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        if (!target.isString()) return true;
        if (fits(target.getString())) return true;
        push(results, context, bound_ == bound::at_most ? "maxLength" : "minLength");
        return false;
    }

private:
    bool fits(const std::string& s) const {
        const std::uint64_t bytes = s.size();
        if (bound_ == bound::at_most && bytes <= limit_) return true;
        if (bound_ == bound::at_least && (bytes < limit_ || bytes / 4 >= limit_)) return bytes >= limit_;
        std::uint64_t code_points = 0;
        for (unsigned char c : s) code_points += (c & 0xC0) != 0x80;
        return bound_ == bound::at_most ? code_points <= limit_ : code_points >= limit_;
    }

    bound bound_;
    std::uint64_t limit_;
};

template <length_constraint::bound Bound>
class length_builder : public valijson::ConstraintBuilder {
public:
    valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
        // As valijson's parser: a non-negative integer, also when written as 2.0.
        double number = 0;
        std::int64_t integer = 0;
        if (value.getInteger(integer) && integer >= 0) return new length_constraint(Bound, integer);
        if (value.getDouble(number) && number >= 0 && number <= 9007199254740992.0 && number == std::floor(number)) {
            return new length_constraint(Bound, static_cast<std::uint64_t>(number));
        }
        throw std::runtime_error("maxLength and minLength expect a non-negative integer");
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
    parser.addConstraintBuilder(std::string(max_length_keyword),
                                new length_builder<length_constraint::bound::at_most>());
    parser.addConstraintBuilder(std::string(min_length_keyword),
                                new length_builder<length_constraint::bound::at_least>());
}

}  // namespace huoli::forms
