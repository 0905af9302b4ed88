"""`cmake --install` puts everything deploy/huoli.service and deploy/huoli.example.json name where they name it,
and the installed server runs from that tree alone."""
import json
import os
import shlex
import subprocess
import unittest

import staging  # first: puts tests/integration (harness) on the path
import harness  # noqa: E402

# Files the operator provides on the machine (deploy/CONFIGURATION.md, "Installing"): not part of the install.
OPERATOR_FILES = ("/etc/huoli/",)
DATA_DIRS = {"forms_dir": "forms", "schema_dir": "schema", "routing_dir": "server/routing/data"}


def source_files(rel, top_level_json_only=False):
    base = os.path.join(staging.SOURCE_DIR, rel)
    found = set()
    for dirpath, _, files in os.walk(base):
        for name in files:
            path = os.path.relpath(os.path.join(dirpath, name), base)
            if top_level_json_only and (os.sep in path or not name.endswith(".json")):
                continue
            found.add(path)
    return found


def installed_files(path):
    found = set()
    for dirpath, _, files in os.walk(path):
        for name in files:
            found.add(os.path.relpath(os.path.join(dirpath, name), path))
    return found


class InstalledTree(unittest.TestCase):
    def test_the_units_commands_are_installed_binaries_and_its_config_is_the_operators(self):
        unit = staging.unit_settings()
        commands = unit["ExecStart"] + unit["ExecStartPre"]
        self.assertEqual(len(commands), 2, unit)
        for command in commands:
            argv = shlex.split(command)
            self.assertEqual(argv[0], staging.PREFIX + "/bin/huoli-server", command)
            binary = staging.staged(argv[0])
            self.assertTrue(os.path.isfile(binary) and os.access(binary, os.X_OK), f"{binary} is not installed")
            config = argv[argv.index("--config") + 1]
            self.assertTrue(config.startswith(OPERATOR_FILES), f"{config}: the operator's file, under /etc/huoli")
        self.assertTrue(os.access(staging.staged(staging.PREFIX + "/bin/huolictl"), os.X_OK), "huolictl")
        self.assertTrue(os.path.isfile(staging.staged(staging.EXAMPLE_CONFIG)), "the example configuration")

    def test_the_unit_and_the_example_configuration_agree_on_the_data_directory(self):
        unit = staging.unit_settings()
        data_dir = staging.example_config()["data_dir"]
        self.assertEqual(data_dir, "/var/lib/" + unit["StateDirectory"][0])
        self.assertIn(data_dir, " ".join(unit["ReadWritePaths"]).split())

    def test_every_directory_the_example_configuration_names_holds_what_the_server_reads(self):
        config = staging.example_config()
        for key, rel in DATA_DIRS.items():
            with self.subTest(key):
                installed = staging.staged(config[key])
                self.assertTrue(config[key].startswith(staging.PREFIX + "/"), config[key])
                self.assertTrue(os.path.isdir(installed), f"{config[key]} is not installed")
                wanted = source_files(rel, top_level_json_only=(key == "schema_dir"))
                self.assertTrue(wanted, rel)
                self.assertEqual(installed_files(installed), wanted)
        for path in self._paths(config):
            with self.subTest(path):
                if path.startswith(staging.PREFIX + "/"):
                    self.assertTrue(os.path.exists(staging.staged(path)), f"{path} is not installed")
                else:
                    self.assertTrue(path.startswith(OPERATOR_FILES + ("/var/lib/huoli",)), path)

    def test_installed_binaries_find_every_library_outside_the_build_tree(self):
        for name in ("huoli-server", "huolictl"):
            binary = staging.staged(staging.PREFIX + "/bin/" + name)
            with self.subTest(name):
                out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
                self.assertNotIn("not found", out)
                resolved = [line.split("=>")[1].split()[0] for line in out.splitlines() if "=>" in line]
                self.assertTrue(resolved, out)
                for path in resolved:
                    self.assertFalse(path.startswith(staging.SOURCE_DIR), f"{name} loads {path} from the checkout")
                    self.assertTrue(path.startswith(("/lib/", "/usr/lib/")), f"{name} loads {path}")
                dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True).stdout
                self.assertNotRegex(dynamic, r"\((RUNPATH|RPATH)\)", f"{name} keeps a run path from the build")
        server = subprocess.run(["ldd", staging.staged(staging.PREFIX + "/bin/huoli-server")],
                                capture_output=True, text=True, check=True).stdout
        self.assertRegex(server, r"libphonenumber\.so\.\d+ => /(usr/)?lib/")

    def test_installed_server_starts_with_the_example_configuration(self):
        server = harness.Server()
        config = self._adapted_example(server)
        with open(server.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f, indent=2)
        binary = staging.staged(staging.PREFIX + "/bin/huoli-server")
        check = subprocess.run([binary, "--config", server.config_path, "--check"], capture_output=True, text=True)
        self.assertEqual((check.returncode, check.stdout.strip()), (0, "configuration ok"), check.stderr)

        saved = os.environ.get("HUOLI_SERVER")
        os.environ["HUOLI_SERVER"] = binary
        try:
            server.start()
        finally:
            if saved is None:
                os.environ.pop("HUOLI_SERVER")
            else:
                os.environ["HUOLI_SERVER"] = saved
        try:
            self.assertEqual(server.get("/healthz").status, 200)
            self.assertEqual(server.get("/readyz").status, 200)
            page = server.get("/en/privacy.html")
            self.assertEqual(page.status, 200, page)
            name = config["operator"]["name"]["en"]
            self.assertIn(name.encode(), page.body)
            self.assertIn(config["operator"]["dpo_email"].encode(), page.body)
            self.assertEqual(server.get("/schema/translations.json").status, 200)
            self.assertEqual(server.get("/api/v1/municipalities").status, 200)
        finally:
            self.assertEqual(server.stop(), 0, server.stderr_tail())

    @staticmethod
    def _paths(node):
        """Every string value of the configuration that is an absolute path."""
        if isinstance(node, dict):
            for value in node.values():
                yield from InstalledTree._paths(value)
        elif isinstance(node, list):
            for value in node:
                yield from InstalledTree._paths(value)
        elif isinstance(node, str) and node.startswith("/"):
            yield node

    def _adapted_example(self, server):
        """The installed example with its operator files replaced by the dev ones, its install paths by the
        staged ones, and loopback ports; every other key as shipped."""
        certs = harness.Certs.get()
        config = staging.example_config()
        config["data_dir"] = os.path.join(server.workdir, "data")
        for key in DATA_DIRS:
            config[key] = staging.staged(config[key])
        public, internal = config["listeners"]["public"], config["listeners"]["internal"]
        public.update(address=harness.HOST, port=server.public_port,
                      certificate=certs.server_cert, private_key=certs.server_key)
        internal.update(address=harness.HOST, port=server.internal_port,
                        certificate=certs.server_cert, private_key=certs.server_key, client_ca=certs.ca)
        config["audit"].update(signing_key=certs.audit_key, origin=certs.audit_origin)
        left = [p for p in self._paths(config) if p.startswith(("/etc/", "/opt/", "/var/"))]
        self.assertEqual(left, [], "paths of the example the test does not know how to stage")
        return config


if __name__ == "__main__":
    unittest.main(verbosity=2)
