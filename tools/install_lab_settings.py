"""Make JupyterLab open the course's MyST Markdown pages as notebooks, for one Python environment.

JupyterLab shows a ``.md`` file as text unless its default viewer for Markdown is
jupytext's "Jupytext Notebook". ``jupytext-config set-default-viewer`` sets that
in the user's home (``~/.jupyter/labconfig``); this script sets it in the
environment instead: it merges ``tools/jupyterlab-overrides.json`` into
``<prefix>/share/jupyter/lab/settings/overrides.json``, the defaults that every
JupyterLab started from that environment reads. A user's own settings still win,
and nothing is written outside the environment.

The Makefile runs it for ``.venv`` (``make lab`` and the JupyterLab tests rely on
it); ``postBuild`` runs it for the Binder image.

Usage::

    python tools/install_lab_settings.py            # the running interpreter's environment
    python tools/install_lab_settings.py --check    # exit 1, with one line, if not installed
"""

import argparse
import json
import sys
from pathlib import Path

OVERRIDES = Path(__file__).with_name("jupyterlab-overrides.json")


def settings_file(prefix):
    """Where JupyterLab reads the environment's setting overrides."""
    return Path(prefix, "share", "jupyter", "lab", "settings", "overrides.json")


def _merge(base, extra):
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _contains(big, small):
    if isinstance(small, dict):
        return isinstance(big, dict) and all(k in big and _contains(big[k], v) for k, v in small.items())
    return big == small


def _read(path):
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        sys.exit(f"{path} is not valid JSON ({error}); fix or remove it, then run this again.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", default=sys.prefix, help="the environment (default: this interpreter's)")
    parser.add_argument("--check", action="store_true", help="only check that the settings are installed")
    args = parser.parse_args(argv)

    wanted = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    target = settings_file(args.prefix)
    current = _read(target)
    if _contains(current, wanted):
        if not args.check:
            print(f"JupyterLab settings already in {target}")
        return 0
    if args.check:
        print(
            f"JupyterLab in {args.prefix} would open .md pages as text: "
            f"run `{Path(sys.executable).name} tools/install_lab_settings.py` (or `make lab`)."
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(_merge(current, wanted), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"JupyterLab opens .md pages as notebooks: wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
