""".env.example lists every environment variable newsroom/settings.py reads, and no other."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "newsroom" / "settings.py"
ENV_EXAMPLE = ROOT / ".env.example"


def is_env_read(call: ast.Call) -> bool:
    """os.environ.get(...), os.getenv(...) or one of the settings' env_*() helpers."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id.startswith("env_")
    if isinstance(func, ast.Attribute):
        if func.attr == "getenv":
            return isinstance(func.value, ast.Name) and func.value.id == "os"
        if func.attr in ("get", "pop", "setdefault"):
            return ast.unparse(func.value) == "os.environ"
    return False


def settings_reads() -> tuple[set[str], list[str]]:
    """The variable names settings reads, and the reads whose name is not a plain string."""
    tree = ast.parse(SETTINGS.read_text(), filename=str(SETTINGS))
    inside_helpers = {
        id(node)
        for helper in tree.body
        if isinstance(helper, ast.FunctionDef) and helper.name.startswith("env_")
        for node in ast.walk(helper)
    }
    names, unreadable = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and is_env_read(node) and node.args:
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            key = node.slice
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
        elif id(node) not in inside_helpers:
            unreadable.append(f"line {node.lineno}: {ast.unparse(node)}")
    return names, unreadable


def env_example_names() -> set[str]:
    """Names set in .env.example, as `X=` or commented out as `# X=`."""
    pattern = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)
    return set(pattern.findall(ENV_EXAMPLE.read_text()))


def test_every_variable_settings_reads_is_in_env_example():
    names, unreadable = settings_reads()
    assert len(names) > 30, f"found only {sorted(names)}: has settings.py changed how it reads env?"
    assert not unreadable, f"settings.py reads env under a name this test cannot see: {unreadable}"
    missing = sorted(names - env_example_names())
    assert not missing, f"add to .env.example, with a comment saying what it does: {missing}"


def test_env_example_lists_nothing_settings_does_not_read():
    names, _ = settings_reads()
    stale = sorted(env_example_names() - names)
    assert not stale, f".env.example lists variables settings.py no longer reads: {stale}"
