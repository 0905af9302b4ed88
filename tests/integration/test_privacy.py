"""The privacy notice (GDPR Art. 13-14) in fi/sv/en, with the operator's details from the configuration."""
import glob
import json
import os
import re
import unittest

import harness
from harness import ServerTestCase

OPERATOR = {
    "name": {"fi": "Testin hyvinvointialue & kumppanit", "sv": "Testets välfärdsområde", "en": "Test Wellbeing County"},
    "address": "PL 123, 00099 Testilä",
    "email": "kirjaamo@test.example",
    "dpo_email": "tietosuojavastaava@test.example",
    "feedback_email": "palaute@test.example",
}
NOT_CONFIGURED = {"fi": "[ei määritetty]", "sv": "[inte angiven]", "en": "[not configured]"}
# Article 13/14 elements by the section that carries each (every language has the same ids).
SECTIONS = ["controller", "purposes", "legal-basis", "categories", "recipients", "retention", "rights", "complaint"]
# What each language must say, beyond the operator's details.
REQUIRED = {
    "fi": ["Rekisterinpitäjä", "Tietosuojavastaava", "417/2007", "25 ja 25 c §", "1301/2014, 35 §", "6 artiklan 1 kohdan c",
           "e alakohta", "9 artiklan 2 kohdan g ja h", "703/2023", "hyvinvointialue", "Helsingin kaupunki",
           "säilytysaika", "15 artikla", "16 artikla", "18 artikla", "tietosuojavaltuutetulle", "14 artikla"],
    "sv": ["Personuppgiftsansvarig", "Dataskyddsombud", "417/2007", "25 och 25 c §", "1301/2014, 35 §",
           "artikel 6.1 c", "artikel 6.1 e", "artikel 9.2 g och h", "703/2023", "välfärdsområde", "Helsingfors stad",
           "sparas", "artikel 15", "artikel 16", "artikel 18", "dataombudsmannen", "artikel 14"],
    "en": ["controller", "Data protection officer", "417/2007", "sections 25 and 25c", "1301/2014, section 35",
           "Article 6(1)(c)", "Article 6(1)(e)", "Article 9(2)(g) and (h)", "703/2023", "wellbeing services county",
           "City of Helsinki", "kept", "Article 15", "Article 16", "Article 18", "Data Protection Ombudsman",
           "Article 14"],
}
PRIVACY_LINK = {"fi": "Tietosuojaseloste", "sv": "Dataskyddsbeskrivning", "en": "Privacy notice"}


def html_text(body):
    return body.decode("utf-8")


class PrivacyNotice(ServerTestCase):
    def start_with_operator(self, operator):
        server = harness.Server()
        with open(server.config_path, encoding="utf-8") as f:
            config = json.load(f)
        config["operator"] = operator
        with open(server.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        self.addCleanup(self._stop_server, server)
        server.start()
        self.server = server
        return server

    def test_privacy_notice_in_each_language_has_every_article_13_element_and_the_configured_operator(self):
        self.start_with_operator(OPERATOR)
        for lang in ("fi", "sv", "en"):
            with self.subTest(lang):
                response = self.server.get(f"/{lang}/privacy.html")
                self.assertEqual(response.status, 200, response)
                self.assertEqual(response.media_type(), "text/html")
                page = html_text(response.body)
                self.assertIn(f'<html lang="{lang}">', page)
                for section in SECTIONS:
                    self.assertRegex(page, f'<h2 id="{section}">', section)
                for phrase in REQUIRED[lang]:
                    self.assertIn(phrase, page)
                name = OPERATOR["name"][lang].replace("&", "&amp;")
                self.assertIn(f'<span data-operator="name">{name}</span>', page)
                for key in ("address", "email", "dpo_email"):
                    self.assertIn(f'<span data-operator="{key}">{OPERATOR[key]}</span>', page)
                self.assertNotIn(NOT_CONFIGURED[lang], page)
                self.assertNotIn("<script", page)
                self.assertIn("script-src 'self'", response.header("content-security-policy"))

    def test_accessibility_statement_names_the_configured_feedback_contact(self):
        self.start_with_operator(OPERATOR)
        for lang in ("fi", "sv", "en"):
            with self.subTest(lang):
                page = html_text(self.server.get(f"/{lang}/accessibility.html").body)
                self.assertIn(f'<span data-operator="feedback_email">{OPERATOR["feedback_email"]}</span>', page)
                self.assertIn(f'<span data-operator="name">{OPERATOR["name"][lang].replace("&", "&amp;")}</span>', page)
                self.assertNotIn(NOT_CONFIGURED[lang], page)

    def test_without_an_operator_section_the_pages_say_the_details_are_not_configured(self):
        self.start_server()
        for lang in ("fi", "sv", "en"):
            with self.subTest(lang):
                for page in ("privacy.html", "accessibility.html"):
                    body = html_text(self.server.get(f"/{lang}/{page}").body)
                    self.assertIn(NOT_CONFIGURED[lang], body, page)
                    self.assertNotIn(OPERATOR["dpo_email"], body)

    def test_every_page_links_the_privacy_notice_from_its_footer(self):
        self.start_with_operator(OPERATOR)
        pages = sorted(glob.glob(os.path.join(harness.SOURCE_DIR, "forms", "*", "*.html")))
        self.assertGreaterEqual(len(pages), 18)
        for path in pages:
            lang, name = path.split(os.sep)[-2:]
            with self.subTest(f"{lang}/{name}"):
                body = html_text(self.server.get(f"/{lang}/{name}").body)
                footer = re.search(r'<footer class="site-footer">(.*?)</footer>', body, re.S)
                self.assertIsNotNone(footer)
                self.assertIn(f'<a href="privacy.html">{PRIVACY_LINK[lang]}</a>', footer.group(1))
                self.assertIn('<a href="accessibility.html">', footer.group(1))
                self.assertEqual(self.server.get(f"/{lang}/privacy.html").status, 200)

    def test_a_page_naming_an_unknown_operator_field_stops_start_up(self):
        forms = os.path.join(harness._tmpdir("huoli-forms-"), "forms")
        os.makedirs(os.path.join(forms, "en"))
        with open(os.path.join(forms, "en", "privacy.html"), "w", encoding="utf-8") as f:
            f.write('<p><span data-operator="dpo_mail">[not configured]</span></p>')
        server = harness.Server(forms_dir=forms)
        with open(server.config_path, encoding="utf-8") as f:
            config = json.load(f)
        config["operator"] = OPERATOR
        with open(server.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        with self.assertRaises(AssertionError) as failed:
            server.start(timeout=5)
        self.assertIn('en/privacy.html: unknown data-operator field "dpo_mail"', str(failed.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
