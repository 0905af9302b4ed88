"""The installed systemd unit passes `systemd-analyze verify` and may bind port 443, and nothing more.

systemd-analyze verify needs the unit's binaries at their paths; without systemd as PID 1 (a container, CI)
`--root=` does not load the system's units, so the unit is verified as a copy whose /opt/huoli paths point
into the staging tree, every other line as installed.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

import staging


def verify(unit_text, name="huoli.service"):
    """(exit code, everything systemd-analyze verify printed) for a unit with this text."""
    folder = tempfile.mkdtemp(prefix="huoli-unit-")
    try:
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(unit_text)
        done = subprocess.run(["systemd-analyze", "verify", "--man=no", path], capture_output=True, text=True)
        return done.returncode, (done.stdout + done.stderr).strip()
    finally:
        shutil.rmtree(folder, True)


def staged_unit_text():
    with open(staging.staged(staging.UNIT), encoding="utf-8") as f:
        text = f.read()
    return text.replace(staging.PREFIX + "/", staging.staged(staging.PREFIX) + "/")


class InstalledUnit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("systemd-analyze") is None:
            raise AssertionError("systemd-analyze is missing: install the Debian package systemd (deploy/dev.sh does)")

    def test_installed_unit_passes_systemd_analyze_verify(self):
        code, said = verify(staged_unit_text())
        self.assertEqual((code, said), (0, ""))

    def test_verify_reports_a_misspelt_setting_and_a_missing_binary(self):
        # Control: the check above would notice the mistakes it is there for.
        text = staged_unit_text()
        code, said = verify(text.replace("NoNewPrivileges=", "NoNewPrivilege="))
        self.assertIn("Unknown key", said)
        code, said = verify(text.replace("/bin/huoli-server", "/bin/huoli-serverx"))
        self.assertNotEqual(code, 0)
        self.assertIn("huoli-serverx", said)

    def test_unit_may_bind_ports_below_1024_and_has_no_other_capability(self):
        unit = staging.unit_settings()
        self.assertEqual(unit.get("AmbientCapabilities"), ["CAP_NET_BIND_SERVICE"])
        self.assertEqual(unit.get("CapabilityBoundingSet"), ["CAP_NET_BIND_SERVICE"])
        self.assertEqual(unit.get("NoNewPrivileges"), ["yes"])
        self.assertNotIn("root", unit["User"])
        # verify does not check capability names: ask systemd whether it knows this one.
        known = subprocess.run(["systemd-analyze", "capability", "CAP_NET_BIND_SERVICE"], capture_output=True, text=True)
        self.assertEqual(known.returncode, 0, known.stderr)
        self.assertIn("cap_net_bind_service", known.stdout)
        # …which is what the example configuration needs.
        self.assertLess(staging.example_config()["listeners"]["public"]["port"], 1024)


if __name__ == "__main__":
    unittest.main(verbosity=2)
