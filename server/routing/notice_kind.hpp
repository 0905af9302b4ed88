// The three notices Huoli accepts, and whose welfare each one is about. Queues split on these.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace huoli::routing {

inline constexpr std::string_view child_welfare_notification = "child-welfare-notification";  // lastensuojeluilmoitus, LSL 25 §
inline constexpr std::string_view anticipatory_notification = "anticipatory-notification";    // ennakollinen lastensuojeluilmoitus, LSL 25 c §
inline constexpr std::string_view contact_request = "contact-request";  // yhteydenotto, SHL 35 § / LSL 25 a §

inline constexpr std::array<std::string_view, 3> known_forms{child_welfare_notification, anticipatory_notification,
                                                             contact_request};

enum class subject_kind { child, adult };

inline std::string_view to_string(subject_kind s) { return s == subject_kind::child ? "child" : "adult"; }

// Whose welfare the notice concerns, which decides between child-welfare and adult intake.
// A child welfare notification is always about a child (LSL 25 §); an anticipatory one about
// a child not yet born (LSL 25 c §), so child-welfare intake handles it too. Only a contact
// request (SHL 35 §) can be about an adult. nullopt for an unknown form.
inline std::optional<subject_kind> subject_of(std::string_view form, bool subject_is_child) {
    if (form == child_welfare_notification || form == anticipatory_notification) return subject_kind::child;
    if (form == contact_request) return subject_is_child ? subject_kind::child : subject_kind::adult;
    return std::nullopt;
}

// Every (form, subject) pair that can occur; a queue configuration must cover all of them.
struct notice_kind {
    std::string_view form;
    subject_kind subject;
};
inline constexpr std::array<notice_kind, 4> possible_notice_kinds{{
    {child_welfare_notification, subject_kind::child},
    {anticipatory_notification, subject_kind::child},
    {contact_request, subject_kind::child},
    {contact_request, subject_kind::adult},
}};

}  // namespace huoli::routing
