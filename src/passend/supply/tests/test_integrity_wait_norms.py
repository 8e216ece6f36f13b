"""PASSEND_WAIT_NORMS is checked when the settings load: a misspelt care form or a badly shaped
pair stops the start with a message naming the variable, instead of silently keeping the
default norm or failing later on the first overview."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from passend.settings.base import wait_norms_from_json


def test_norms_per_care_form_are_read_as_pairs():
    assert wait_norms_from_json('{"crisis": [1, 7], "ambulant": [28, 42]}') == {
        "crisis": (1, 7),
        "ambulant": (28, 42),
    }
    assert wait_norms_from_json("{}") == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("crisis: 1, 7", "not valid JSON"),
        ("[1, 7]", "expected a JSON object of care form to [days to intake, days to start]"),
        ('{"kasteel": [1, 7]}', "unknown care form 'kasteel' (known: ambulant,"),
        ('{"Crisis": [1, 7]}', "unknown care form 'Crisis'"),
        ('{"crisis": [1]}', "crisis: expected [days to intake, days to start]"),
        ('{"crisis": [1, 7, 9]}', "got [1, 7, 9]"),
        ('{"crisis": "1,7"}', 'got "1,7"'),
        ('{"crisis": {"intake": 1, "start": 7}}', "crisis: expected"),
        ('{"crisis": [-1, 7]}', "two whole numbers of at least 0, got [-1, 7]"),
        ('{"crisis": [1.5, 7]}', "got [1.5, 7]"),
        ('{"crisis": [true, 7]}', "got [true, 7]"),
        ('{"crisis": ["1", "7"]}', 'got ["1", "7"]'),
    ],
)
def test_badly_shaped_norms_are_refused_with_the_reason(raw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        wait_norms_from_json(raw)


def test_every_problem_is_named_at_once():
    with pytest.raises(ValueError, match="^unknown care form") as refused:
        wait_norms_from_json('{"kasteel": [1, 7], "crisis": [1], "ambulant": [28, 42]}')
    problems = str(refused.value).split("; ")
    assert len(problems) == 2
    assert problems[0].startswith("unknown care form 'kasteel'")
    assert problems[1].startswith("crisis: expected")


def test_the_settings_refuse_to_load_with_bad_norms():
    """The real start: loading the settings with a misspelt care form fails, naming the
    variable; the same settings load with a valid value."""
    code = "import passend.settings.test as s; print(s.WAIT_NORMS)"

    def load(value: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PASSEND_WAIT_NORMS": value},
            capture_output=True,
            text=True,
            timeout=60,
        )

    refused = load('{"kasteel": [1, 7]}')
    assert refused.returncode != 0
    assert "environment variable PASSEND_WAIT_NORMS: unknown care form 'kasteel'" in (
        refused.stderr
    )
    accepted = load('{"crisis": [1, 7]}')
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip() == "{'crisis': (1, 7)}"
