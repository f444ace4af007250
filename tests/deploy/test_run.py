"""deploy/run: a command gets the site's .env as systemd's EnvironmentFile gives it."""

import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "deploy" / "run"
SHOW = "import os; print(os.environ['A'], os.environ['B'], os.environ['FROM'], sep='|')"


def run(tmp_path, text):
    env_file = tmp_path / ".env"
    env_file.write_text(text)
    return subprocess.run(
        [RUN, sys.executable, "-c", SHOW],
        env={"NEWSROOM_ENV": str(env_file), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_values_are_read_as_systemd_reads_them(tmp_path):
    done = run(tmp_path, '# 주석\n\nA=1\nB="두 단어"\nFROM=영등포신문 <news@example.com>\n')
    assert done.stdout == "1|두 단어|영등포신문 <news@example.com>\n", done.stderr


def test_a_line_that_is_not_key_value_stops_it(tmp_path):
    done = run(tmp_path, "A=1\nexport B\n")
    assert done.returncode != 0 and ".env:2" in done.stderr
