// Presentation choices the schemas cannot express: the order of sections, and a few display rules.
// What is required, what a condition opens and which answers fit together comes from the schemas.

// sections: { key } is one top-level property; { title, keys } groups top-level properties under a heading
// from strings.js. Top-level properties not named here are appended in schema order, so a property
// added to a schema still appears.
export const LAYOUT = {
  'child-welfare-notification': {
    subject: 'child',
    sections: [{ key: 'urgency' }, { key: 'notifier' }, { key: 'child' }, { key: 'guardians' }, { key: 'reasons' },
      { key: 'informed' }, { key: 'police' }, { key: 'other_children' }],
  },
  'anticipatory-notification': {
    subject: 'expectant_parent',
    sections: [{ key: 'urgency' }, { key: 'notifier' }, { key: 'expectant_parent' }, { key: 'other_parent' },
      { title: 'sectionPregnancy', keys: ['due_date', 'pregnancy_week', 'maternity_care_contact'] },
      { title: 'sectionGrounds', keys: ['grounds', 'description'] }, { key: 'informed' }, { key: 'other_children' }],
  },
  'contact-request': {
    subject: 'person',
    sections: [{ key: 'urgency' }, { key: 'notifier' }, { key: 'person' }, { key: 'guardians' },
      { title: 'sectionContact', keys: ['contact_type', 'consent', 'ground_without_consent', 'present'] },
      { title: 'sectionNeeds', keys: ['support_needs', 'description', 'special_support_child'] }],
  },
};

// Pointers use '*' for any array index or any top-level subject.
export const HINTS = {
  // Never sent by the form: set from the page's language.
  implicit: ['/form_language'],
  // A field a then-branch requires is normally asked only when the branch applies. These are asked
  // always (optional until it applies): a private person may still leave a name and number, and
  // the birth date and whereabouts help the social worker even when not required, and another child
  // of the family is named whether or not the concern is about them.
  alwaysShow: ['/notifier/name', '/notifier/phone', '/*/birth_date', '/*/whereabouts', '/other_children/*/first_names'],
  // Asked only once the named answer is given.
  after: { '/notifier': '/notifier/type' },
  // Asked only while another field is shown (the workplace's details go with the organisation).
  showWith: { '/notifier/business_id': '/notifier/organisation', '/notifier/workplace_municipality': '/notifier/organisation' },
  // Asked only for these answers of another field.
  showWhen: { '/police/reference': ['/police/notified', ['yes']] },
  // Hidden while another field is ticked: an anonymous notifier gives no contact details.
  hideWhen: { '/notifier/name': '/notifier/anonymous', '/notifier/phone': '/notifier/anonymous',
    '/notifier/email': '/notifier/anonymous', '/notifier/identity_disclosure_concern': '/notifier/anonymous' },
  // A message shown under a field while it has this answer (key into strings.js).
  alerts: { '/urgency/immediate_danger': [true, 'dangerAlert'] },
  // Enumerations with more choices than this are a drop-down list instead of radio buttons.
  maxRadios: 6,
};

export function matchesPattern(pattern, ptr) {
  const a = pattern.split('/');
  const b = ptr.replace(/\/\d+(?=\/|$)/g, '/*').split('/');
  return a.length === b.length && a.every((s, i) => s === '*' || s === b[i]);
}
