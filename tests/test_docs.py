"""The documentation keeps up with the code: every setting and every `kg` command is in the
README, and the two set-up commands are shown."""
from __future__ import annotations

from pathlib import Path

from kg.cli import make_parser
from kg.config import describe_settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_docs_every_setting_is_documented():
    missing = [env for env, _default, _doc in describe_settings() if env not in README]
    assert not missing, missing


def test_docs_every_setting_has_a_description_in_code():
    assert not [env for env, _d, doc in describe_settings() if not doc]


def test_docs_every_command_is_documented():
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        assert f"kg {name}" in README, name


def test_docs_quick_start_shows_the_two_commands():
    assert "make serve" in README and "make test" in README
