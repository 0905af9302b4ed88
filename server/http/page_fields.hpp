// Values from the configuration printed into the static pages once, at start-up.
//
// A page marks a value's place with an element whose attribute data-operator names it and whose
// text is what shows when nothing is configured, e.g.
//   <span data-operator="dpo_email">(not configured)</span>
// fill_page_fields() replaces that text (up to the next '<') with the value, HTML-escaped. The
// pages stay plain files: no inline script, nothing for the Content-Security-Policy to allow.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace huoli::http {

// The value for a field name, or nullopt when the name is unknown.
using field_values = std::function<std::optional<std::string>(std::string_view name)>;

// `html` with every marked field filled. Throws std::runtime_error naming `page` and the field
// when a page names a field `values` does not know, or a marked element is not closed.
std::string fill_page_fields(std::string_view html, const field_values& values, std::string_view page);

// &, <, >, " and ' as character references.
std::string html_escape(std::string_view text);

}  // namespace huoli::http
