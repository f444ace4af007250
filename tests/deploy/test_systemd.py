"""deploy/systemd: every unit passes `systemd-analyze verify` with its paths pointed at this
checkout (its programs exist and are executable, its directives are known)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("newsroom-*.*"))


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze가 없습니다")
def test_every_unit_verifies(tmp_path):
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/srv/newsroom", str(ROOT)))
    done = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_the_units_the_deploy_guide_installs_are_there():
    names = {unit.name for unit in UNITS}
    for name in ("gunicorn.service", "weather.service", "backup.service", "backup.timer"):
        assert f"newsroom-{name}" in names
    weather = (ROOT / "deploy" / "systemd" / "newsroom-weather.service").read_text()
    assert "manage.py fetch_weather --every 10m" in weather
