"""Launching a page: its Binder link, its notebook download, and what Binder builds from.

These read the built site (``make book`` writes ``_build/html``; ``ACTLAB_SITE_DIR`` points
elsewhere) and the repository's files; they start no server and no browser.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

from .conftest import BOOK_DIR, REPO_DIR, lab_docnames

SITE_DIR = Path(os.environ.get("ACTLAB_SITE_DIR", BOOK_DIR / "_build" / "html")).resolve()
CONFIG = yaml.safe_load((BOOK_DIR / "_config.yml").read_text(encoding="utf-8"))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def _links(docname):
    page = SITE_DIR / f"{docname}.html"
    if not page.is_file():
        pytest.fail(f"No built page {page}: run `make book` first (these tests read the built site).", pytrace=False)
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def _repository():
    url = CONFIG["repository"]["url"].rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(\.git)?", url)
    assert match, f"_config.yml: repository.url {url!r} should be a GitHub repository (Binder builds it)"
    return match.group(1), match.group(2), CONFIG["repository"].get("branch", "main")


@pytest.mark.parametrize("docname", lab_docnames())
def test_binder_link_opens_the_page_in_jupyterlab(docname):
    binder = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    org, repo, branch = _repository()
    links = [href for href in _links(docname) if href.startswith(binder + "/")]
    assert len(links) == 1, f"{docname}.html should have one Binder link, found {links}"
    parts = urlsplit(links[0])
    assert parts.path == f"/v2/gh/{org}/{repo}/{branch}", (
        f"{docname}: the Binder link builds {parts.path!r}, not the repository of _config.yml ({org}/{repo}, "
        f"branch {branch})"
    )
    urlpath = parse_qs(parts.query).get("urlpath", [""])[0]
    assert urlpath == f"lab/tree/{docname}.md", (
        f"{docname}: the Binder link opens {urlpath!r}; expected the page's own source in JupyterLab, "
        f"lab/tree/{docname}.md"
    )
    assert (BOOK_DIR / f"{docname}.md").is_file()


@pytest.mark.parametrize("docname", lab_docnames())
def test_notebook_download_is_the_page_without_outputs(docname):
    import jupytext
    import nbformat

    page_url = f"http://site/{docname}.html"
    wanted = f"/_sources/{docname}.ipynb"
    links = [href for href in _links(docname) if urlsplit(urljoin(page_url, href)).path == wanted]
    assert links, f"{docname}.html offers no .ipynb download (expected a link to _sources/{docname}.ipynb)"
    path = SITE_DIR / "_sources" / f"{docname}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "jupytext" not in notebook.metadata, "the download should be a plain notebook, not a jupytext pair"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), f"{path} still holds outputs"
    source = jupytext.read(BOOK_DIR / f"{docname}.md", fmt="md:myst")
    assert [c.source for c in code] == [c.source for c in source.cells if c.cell_type == "code"], (
        f"{path}: its code cells differ from {docname}.md"
    )
    size = path.stat().st_size
    assert size < 200_000, f"{path} weighs {size / 1000:.0f} kB; without outputs a page's notebook is small"


def test_binder_builds_from_requirements_runtime_and_postbuild():
    # repo2docker prefers these files to requirements.txt; none may appear unnoticed
    for other in ("environment.yml", "Pipfile", "binder", ".binder", "Dockerfile"):
        assert not (REPO_DIR / other).exists(), f"{other} would change how Binder builds the course"
    runtime = (REPO_DIR / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match and int(match.group(1)) >= 10, f"runtime.txt says {runtime!r}; expected python-3.10 or newer"
    post_build = REPO_DIR / "postBuild"
    assert os.access(post_build, os.X_OK), "postBuild must be executable, or Binder does not run it"
    assert "tools/install_lab_settings.py" in post_build.read_text(encoding="utf-8")
    pins = _pins(REPO_DIR / "requirements.txt")
    for needed in ("jupyterlab", "jupytext", "ipywidgets", "ipykernel"):
        assert needed in pins, f"requirements.txt should pin {needed} for Binder"


def _pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"{path.name}: {line!r} should be pinned with =="
        pins[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    return pins


def test_this_environment_is_the_pinned_one():
    """The tests run in the environment Binder builds: every pin holds, and the two files agree."""
    requirements = _pins(REPO_DIR / "requirements.txt")
    constraints = _pins(REPO_DIR / "constraints.txt")
    disagree = [f"{n}: {v} / {constraints[n]}" for n, v in requirements.items() if constraints.get(n, v) != v]
    assert not disagree, "requirements.txt and constraints.txt pin different versions: " + ", ".join(disagree)
    wrong = []
    for name, version in {**constraints, **requirements}.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            wrong.append(f"{name} {installed} (pinned {version})")
    assert not wrong, "The environment differs from the pins (run `make test`, which reinstalls): " + ", ".join(wrong)
