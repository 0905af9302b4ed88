"""Static web forms on the public listener: media types, ETag revalidation, and no way out of forms_dir."""
import os
import shutil
import tempfile
import unittest

import harness
from harness import ServerTestCase

FORMS_DIR = os.path.join(harness.SOURCE_DIR, "forms")
MEDIA_TYPES = {
    ".html": ("text/html; charset=utf-8",),
    ".css": ("text/css",),
    ".js": ("application/javascript", "text/javascript"),
    ".mjs": ("application/javascript", "text/javascript"),
    ".json": ("application/json",),
    ".svg": ("image/svg+xml",),
}

# Every one of these points outside forms_dir if resolved naively (forms_dir's parent holds CMakeLists.txt).
DEEP = "../" * 12
TRAVERSALS = [
    "/../CMakeLists.txt",
    "/%2e%2e/CMakeLists.txt",
    "/..%2fCMakeLists.txt",
    "/%2e%2e%2fCMakeLists.txt",
    "/%2E%2E%2FCMakeLists.txt",
    "/.%2e/CMakeLists.txt",
    "/..%5cCMakeLists.txt",
    "/..\\CMakeLists.txt",
    "/%252e%252e%252fCMakeLists.txt",
    "/assets/../../CMakeLists.txt",
    "/assets/%2e%2e/%2e%2e/CMakeLists.txt",
    "//etc/passwd",
    "/%2fetc/passwd",
    "/forms/../../etc/passwd",
    "/" + DEEP + "etc/passwd",
    "/" + DEEP.replace("../", "%2e%2e%2f") + "etc/passwd",
    "/" + DEEP.replace("/", "%2f") + "etc/passwd",
    "/index.html%00.css",
    "/./index.html/../../CMakeLists.txt",
]


def forms_files():
    found = []
    for root, _, files in os.walk(FORMS_DIR):
        for name in files:
            path = os.path.join(root, name)
            found.append(("/" + os.path.relpath(path, FORMS_DIR).replace(os.sep, "/"), path))
    return sorted(found)


class TraversalChecks:
    def assert_not_served(self, target, outside_markers):
        response = self.server.get(target)
        self.assertNotEqual(response.status, 200, f"{target} was served: {response}")
        self.assertTrue(400 <= response.status < 500, f"{target}: {response}")
        for marker in outside_markers:
            self.assertNotIn(marker, response.body, f"{target} leaked content from outside forms_dir")


class StaticFiles(ServerTestCase, TraversalChecks):
    def setUp(self):
        self.assertTrue(forms_files(), f"{FORMS_DIR} is empty: the web forms are missing")
        self.start_server()

    def test_every_file_is_served_with_its_media_type_and_content(self):
        for target, path in forms_files():
            with self.subTest(target):
                response = self.server.get(target)
                self.assertEqual(response.status, 200, response)
                with open(path, "rb") as f:
                    self.assertEqual(response.body, f.read())
                ext = os.path.splitext(path)[1].lower()
                if ext in MEDIA_TYPES:
                    content_type = response.header("content-type", "").lower().replace(" ", "")
                    wanted = MEDIA_TYPES[ext]
                    if ext == ".html":
                        self.assertEqual(content_type, wanted[0].replace(" ", ""))
                    else:
                        self.assertIn(response.media_type(), wanted, response)
                self.assertTrue(response.header("etag"), "no ETag")

    def test_root_serves_a_page_directly_or_by_a_same_origin_redirect(self):
        # `/` may redirect to a language folder (/fi/); the redirect must stay on this origin.
        response = self.server.get("/", headers={"Accept-Language": "fi"})
        if response.status in (301, 302, 303, 307, 308):
            location = response.header("location", "")
            self.assertRegex(location, r"^/(?![/\\])", f"not a same-origin path: {location!r}")
            response = self.server.get(location)
        self.assertEqual(response.status, 200, response)
        self.assertEqual(response.media_type(), "text/html")
        served = {open(path, "rb").read() for _, path in forms_files() if path.endswith(".html")}
        self.assertIn(response.body, served, "/ did not serve one of the forms' HTML files")

    def test_if_none_match_with_current_etag_is_304(self):
        target, _ = forms_files()[0]
        etag = self.server.get(target).header("etag")
        self.assertTrue(etag)
        revalidated = self.server.get(target, headers={"If-None-Match": etag})
        self.assertEqual(revalidated.status, 304, revalidated)
        self.assertEqual(revalidated.body, b"")
        self.assertEqual(revalidated.header("etag"), etag)
        changed = self.server.get(target, headers={"If-None-Match": '"something-else"'})
        self.assertEqual(changed.status, 200, changed)

    def test_path_traversal_out_of_the_source_forms_dir_is_blocked(self):
        for target in TRAVERSALS:
            with self.subTest(target):
                self.assert_not_served(target, [b"cmake_minimum_required", b"root:x:0:0"])


class ContainedForms(ServerTestCase, TraversalChecks):
    """A forms_dir of our own, with files and symbolic links outside it that must never be served."""

    MARKER = b"OUTSIDE-FORMS-DIR-MARKER"

    def setUp(self):
        site = tempfile.mkdtemp(prefix="huoli-site-")
        self.addCleanup(shutil.rmtree, site, True)
        forms = os.path.join(site, "forms")
        outside = os.path.join(site, "outside")
        os.makedirs(os.path.join(forms, "sub"))
        os.makedirs(outside)
        self.write(os.path.join(forms, "index.html"), b"<!doctype html><title>inside</title>")
        self.write(os.path.join(forms, "sub", "page.html"), b"<!doctype html><title>sub</title>")
        self.write(os.path.join(site, "CMakeLists.txt"), self.MARKER + b" cmake")
        self.write(os.path.join(outside, "secret.txt"), self.MARKER + b" secret")
        os.symlink("../outside/secret.txt", os.path.join(forms, "leak.txt"))
        os.symlink(os.path.join(outside, "secret.txt"), os.path.join(forms, "abs-leak.txt"))
        os.symlink("../outside", os.path.join(forms, "linkdir"))
        os.symlink("/etc/passwd", os.path.join(forms, "passwd.txt"))
        self.start_server(forms_dir=forms)

    @staticmethod
    def write(path, data):
        with open(path, "wb") as f:
            f.write(data)

    def test_files_inside_are_served(self):
        # Control: the server really serves this forms_dir, so the refusals below mean something.
        response = self.server.get("/index.html")
        self.assertEqual((response.status, response.body), (200, b"<!doctype html><title>inside</title>"))
        self.assertEqual(self.server.get("/sub/page.html").status, 200)

    def test_symbolic_links_leading_outside_are_not_followed(self):
        for target in ("/leak.txt", "/abs-leak.txt", "/linkdir/secret.txt", "/passwd.txt"):
            with self.subTest(target):
                self.assert_not_served(target, [self.MARKER, b"root:x:0:0"])

    def test_path_traversal_is_blocked(self):
        for target in TRAVERSALS + ["/sub/../../outside/secret.txt", "/sub/%2e%2e/%2e%2e/outside/secret.txt"]:
            with self.subTest(target):
                self.assert_not_served(target, [self.MARKER, b"root:x:0:0"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
