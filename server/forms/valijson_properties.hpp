// valijson's `properties` check, for the one adapter Huoli validates with, without the work it
// spends on members that no subschema constrains.
//
// Why by hand: valijson 1.0 (Debian 12's libvalijson-dev) checks every member that `properties`
// does not name against the `additionalProperties` subschema, and when a schema does not say
// `additionalProperties`, that subschema is the empty one, which accepts anything; each such
// check still copies the path (one string per level) twice and builds a visitor. Every `if` of
// our forms (`"if": {"properties": {"x": {"const": …}}}`) runs on a whole object, so most of the
// object's members went through it: perf put `if` at a third of the time spent validating a
// notice. This is valijson's own function (validation_visitor.hpp) with one early return added,
// marked below; an empty, not always-invalid subschema accepts every value, so skipping it changes
// no result and no error. Include it, before anything instantiates ValidationVisitor, in every
// translation unit that validates (only schema_compiler.cpp); valijson_properties_test checks the
// behaviour it must keep.
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

    bool validated = true;
    std::set<std::string> propertiesMatched;
    const typename adapters::NlohmannJsonAdapter::Object object = m_target.asObject();
    constraint.applyToProperties(ValidatePropertySubschemas(object, m_context, true, m_results != nullptr, true,
                                                            m_strictTypes, m_results, &propertiesMatched, &validated,
                                                            m_regexesCache));
    if (!validated && !m_results) {
        return false;
    }
    constraint.applyToPatternProperties(ValidatePatternPropertySubschemas(object, m_context, true, false, true,
                                                                          m_strictTypes, m_results, &propertiesMatched,
                                                                          &validated, m_regexesCache));

    const Subschema* additionalPropertiesSubschema = constraint.getAdditionalPropertiesSubschema();
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

    // Added for Huoli: an empty subschema that is not `false` accepts every member.
    Subschema::ApplyFunction has_constraint = [](const constraints::Constraint&) { return false; };
    if (!additionalPropertiesSubschema->getAlwaysInvalid() && additionalPropertiesSubschema->applyStrict(has_constraint)) {
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
