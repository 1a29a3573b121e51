"""The wheel works without the source tree: built, installed into a fresh virtual environment (no editable
install), and run from another folder, it shows the Agreement's articles from the corpus it ships.

The fresh environment gets the dependencies from this environment's site-packages through a path line in a
``.pth`` file: ``.pth`` files inside a folder added that way are not executed, so the editable install's
finder (which would import ``assistant`` from the source tree) is not loaded. The wheel itself is installed
with ``pip install --no-deps --no-index``; nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from assistant.cli.corpus import format_unit
from assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow  # builds a wheel and starts processes

SOURCES = ("assistant", "corpus", "pyproject.toml", "README.md")  # what the build reads


def build_wheel(source_root: Path, work: Path) -> Path:
    """Build the project's wheel from a copy of its sources (the build leaves nothing in the source tree)."""
    tree = work / "src"
    tree.mkdir()
    for name in SOURCES:
        source = source_root / name
        if source.is_dir():
            shutil.copytree(source, tree / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "--no-index", "-q", "-w", str(work / "dist"), str(tree)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return next((work / "dist").glob("*.whl"))


def fresh_environment(work: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed and this environment's packages visible; its bin."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
                           "-q", str(wheel)], capture_output=True, text=True, timeout=300, env=clean_env())
    assert done.returncode == 0, done.stderr[-3000:]
    return venv / "bin"


def clean_env() -> dict[str, str]:
    """This environment without anything that points at the source tree or changes the settings."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("ASSISTANT_", "PYTHON")) and k != "VIRTUAL_ENV"}


def run_installed(bin_dir: Path, cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "assistant"), *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, timeout=120,
                          env={**clean_env(), "ASSISTANT_DATA_DIR": str(cwd / "data"), "ASSISTANT_USER": "ops"})


def test_the_installed_wheel_shows_the_agreement_from_another_folder(tmp_path, corpus):
    bin_dir = fresh_environment(tmp_path, build_wheel(PROJECT_ROOT, tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(bin_dir / "python"), "-c", "import assistant; from assistant.settings import "
                            "Settings; print(assistant.__file__); print(Settings().corpus_dir)"],
                           capture_output=True, text=True, cwd=elsewhere, env=clean_env(), check=True)
    module, corpus_dir = where.stdout.split()
    assert Path(module).is_relative_to(tmp_path / "venv") and Path(corpus_dir).is_relative_to(tmp_path / "venv")

    shown = run_installed(bin_dir, elsewhere, "show", "Article 10")
    assert shown.returncode == 0, shown.stderr[-3000:]
    article = corpus.get("art-10")
    assert shown.stdout.startswith(f"Article 10 - {article.title}\n")
    assert shown.stdout == format_unit(corpus, article) + "\n"  # the whole article, as the source tree shows it

    listed = run_installed(bin_dir, elsewhere, "corpus", "--json")
    assert listed.returncode == 0, listed.stderr[-3000:]
    assert [u["id"] for u in json.loads(listed.stdout)] == [u.id for u in corpus.units]

    web = run_installed(bin_dir, elsewhere, "web", "--help")  # the web app starts from the wheel too
    assert web.returncode == 0 and "start the web app" in run_installed(bin_dir, elsewhere, "--help").stdout

    # The state store starts from the wheel: its Alembic migrations ship inside the package.
    added = run_installed(bin_dir, elsewhere, "users", "add", "ops", "--admin", "--password-stdin",
                          stdin="correct horse battery staple\n")
    assert added.returncode == 0, added.stderr[-3000:]
    users = run_installed(bin_dir, elsewhere, "users", "list", "--json")
    assert users.returncode == 0, users.stderr[-3000:]
    assert [(u["name"], u["role"]) for u in json.loads(users.stdout)] == [("ops", "admin")]
    assert list((tmp_path / "venv").rglob("migrations/versions/0001_initial.py"))
