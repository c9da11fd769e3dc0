"""The dead-code check in `make test` fails on code nothing uses and passes on framework
hooks and model fields."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "dead_code.py"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_a_function_nothing_calls_fails_the_check(tmp_path):
    module = tmp_path / "planted.py"
    module.write_text(
        "def used():\n    return 1\n\n\ndef forgotten_helper():\n    return 2\n\n\nused()\n"
    )
    done = _check(module)
    assert done.returncode == 1
    assert "forgotten_helper" in done.stdout
    assert "used'" not in done.stdout.replace("forgotten_helper", "")


def test_framework_hooks_and_fields_pass(tmp_path):
    module = tmp_path / "hooks.py"
    module.write_text(
        "from django.db import models\n\n\n"
        "class ThingConfig:\n    def ready(self):\n        pass\n\n\n"
        "class Thing(models.Model):\n    name = models.CharField(max_length=10)\n\n"
        "    class Meta:\n        ordering = ['name']\n\n\nThing.objects.all()\n"
    )
    done = _check(module)
    assert done.returncode == 0, done.stdout
