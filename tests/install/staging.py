"""A production install in a staging directory: `cmake --install` with DESTDIR, as a package build does.

The tree lands in <staging>/opt/huoli, the prefix deploy/huoli.service names. Made once per test process.

Environment (ctest sets both):
  HUOLI_BUILD_DIR   the configured and built build directory to install from
  CMAKE             the cmake binary (default: cmake on PATH)
"""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import harness  # noqa: E402  (the integration tests' TLS client and server process helpers)

SOURCE_DIR = harness.SOURCE_DIR
PREFIX = "/opt/huoli"  # where the unit expects the install; CMakePresets.json and CMakeLists.txt default to it
UNIT = PREFIX + "/lib/systemd/system/huoli.service"
EXAMPLE_CONFIG = PREFIX + "/share/doc/huoli/huoli.example.json"

_root = None


def build_dir():
    path = os.environ.get("HUOLI_BUILD_DIR")
    if not path:
        raise AssertionError("HUOLI_BUILD_DIR is not set (ctest sets it): which build should be installed?")
    return path


def root():
    """The staging directory (DESTDIR) holding opt/huoli/…, installed on first use."""
    global _root
    if _root is None:
        stage = tempfile.mkdtemp(prefix="huoli-install-")
        if os.environ.get("HUOLI_KEEP_TMP") != "1":
            atexit.register(shutil.rmtree, stage, True)
        done = subprocess.run([os.environ.get("CMAKE", "cmake"), "--install", build_dir(), "--prefix", PREFIX],
                              env=dict(os.environ, DESTDIR=stage), capture_output=True, text=True)
        if done.returncode != 0:
            raise AssertionError(f"cmake --install failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        _root = stage
    return _root


def staged(path):
    """Where the absolute install path `path` (e.g. /opt/huoli/bin/huoli-server) is in the staging tree."""
    assert os.path.isabs(path), path
    return os.path.join(root(), path.lstrip("/"))


def unit_settings(path=None):
    """The installed unit's settings as {key: [values in order]} (comments and section headers dropped)."""
    settings = {}
    with open(path or staged(UNIT), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", ";", "[")):
                continue
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def example_config():
    with open(staged(EXAMPLE_CONFIG), encoding="utf-8") as f:
        return json.load(f)
