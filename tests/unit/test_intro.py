"""The front page's promises about the chapters: every one is linked, and its reading time is measured."""

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]
WORDS_PER_MINUTE = 200
ROWS = re.compile(r"^\| (\d) \| \[[^\]]+\]\((chapters/[\w]+\.md)\) \|.*\| (\d+) min \|$", re.MULTILINE)


def _rows():
    return ROWS.findall((ROOT / "intro.md").read_text())


def test_every_chapter_is_in_the_table():
    linked = {path for _, path, _ in _rows()}
    chapters = {f"chapters/{p.name}" for p in (ROOT / "chapters").glob("*.md")}
    assert linked == chapters, f"intro.md's chapter table and chapters/ differ: {sorted(linked ^ chapters)}"


@pytest.mark.parametrize("number, path, minutes", _rows())
def test_stated_reading_time_matches_the_chapter(number, path, minutes):
    notebook = jupytext.read(ROOT / path)
    words = sum(
        len(re.findall(r"[A-Za-z][A-Za-z'-]*", cell.source)) for cell in notebook.cells if cell.cell_type == "markdown"
    )
    measured = words / WORDS_PER_MINUTE
    assert 0.6 * measured <= int(minutes) <= 1.5 * measured + 2, (
        f"intro.md says chapter {number} reads in {minutes} min; its {words} words take about "
        f"{measured:.0f} min at {WORDS_PER_MINUTE} words a minute."
    )
