// valijson's `properties` check, for the one adapter Huoli validates with, without the work it
// spends on members that need no check.
//
// Why by hand: valijson 1.0 (Debian 12's libvalijson-dev) checks every member that `properties`
// does not name against the `additionalProperties` subschema. When a schema does not say
// `additionalProperties`, that is the empty subschema, which accepts anything; each check still
// copies the path (one string per level) twice and builds a visitor. Every `if` of our forms
// (`"if": {"properties": {"x": {"const": …}}}`) runs on a whole object, so most of its members
// went through it: perf put `if` at a third of the time spent validating a notice.
//
// This is valijson's own function (validation_visitor.hpp) with two early returns, marked "added
// for Huoli": when the subschema is empty and not `false` (it accepts every value), and when
// every member was matched by `properties` (keys are unique, so none is left; this is every
// object of a valid notice, whose schemas say `"additionalProperties": false`). Neither changes a
// result or an error. Include this header, before anything instantiates ValidationVisitor, in
// every translation unit that validates (only schema_compiler.cpp); valijson_properties_test
// checks the behaviour it must keep.
#pragma once

#include <set>
#include <string>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/validation_visitor.hpp>

namespace valijson {

template <>
inline bool ValidationVisitor<adapters::NlohmannJsonAdapter>::visit(const constraints::PropertiesConstraint& constraint) {
    if ((m_strictTypes && !m_target.isObject()) || !m_target.maybeObject()) {
        return true;
    }

    // Added for Huoli: an empty subschema that is not `false` accepts every other member, so
    // nothing needs to know which members `properties` matched.
    const Subschema* additionalPropertiesSubschema = constraint.getAdditionalPropertiesSubschema();
    Subschema::ApplyFunction has_constraint = [](const constraints::Constraint&) { return false; };
    const bool acceptsAnyOther = additionalPropertiesSubschema && !additionalPropertiesSubschema->getAlwaysInvalid() &&
                                 additionalPropertiesSubschema->applyStrict(has_constraint);

    bool validated = true;
    std::set<std::string> propertiesMatched;
    std::set<std::string>* const matched = acceptsAnyOther ? nullptr : &propertiesMatched;
    const typename adapters::NlohmannJsonAdapter::Object object = m_target.asObject();
    constraint.applyToProperties(ValidatePropertySubschemas(object, m_context, true, m_results != nullptr, true,
                                                            m_strictTypes, m_results, matched, &validated,
                                                            m_regexesCache));
    if (!validated && !m_results) {
        return false;
    }
    constraint.applyToPatternProperties(ValidatePatternPropertySubschemas(object, m_context, true, false, true,
                                                                          m_strictTypes, m_results, matched,
                                                                          &validated, m_regexesCache));
    if (acceptsAnyOther) {
        return validated;  // added for Huoli
    }

    if (!additionalPropertiesSubschema) {
        if (propertiesMatched.size() != m_target.getObjectSize()) {
            if (m_results) {
                std::string unwanted;
                for (const typename adapters::NlohmannJsonAdapter::ObjectMember m : object) {
                    if (propertiesMatched.find(m.first) == propertiesMatched.end()) {
                        unwanted = m.first;
                        break;
                    }
                }
                m_results->pushError(m_context,
                                     "Object contains a property that could not be validated using 'properties' "
                                     "or 'additionalProperties' constraints: '" +
                                         unwanted + "'.");
            }
            return false;
        }
        return validated;
    }

    // Added for Huoli: when every member was matched (keys are unique), none is left to check.
    if (propertiesMatched.size() == m_target.getObjectSize()) {
        return validated;
    }

    for (const typename adapters::NlohmannJsonAdapter::ObjectMember m : object) {
        if (propertiesMatched.find(m.first) == propertiesMatched.end()) {
            std::vector<std::string> newContext = m_context;
            newContext.push_back("[" + m.first + "]");
            ValidationVisitor validator(m.second, newContext, m_strictTypes, m_results, m_regexesCache);
            if (!validator.validateSchema(*additionalPropertiesSubschema)) {
                if (m_results) {
                    m_results->pushError(m_context, "Failed to validate against additional properties schema");
                }
                validated = false;
            }
        }
    }
    return validated;
}

}  // namespace valijson
