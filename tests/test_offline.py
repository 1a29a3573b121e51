"""Nothing leaves the machine: the CLI and the web app work inside a network namespace with no network.

Every process here runs under ``unshare -n`` (no interface but a loopback, which is down unless brought up)
in a fresh data folder, so the model, the index build, answers, search, drafting, exports and quizzes must
all work with no way out. On top of that, ``tests/netguard/sitecustomize.py`` records every connection the
processes try, and each test fails on any address that is not loopback: a library that quietly tried to
phone home (and merely failed inside the namespace) is caught too. The second half checks that telemetry of
gradio, Chroma and the Hugging Face hub is off by construction, in the settings actually in effect.
Runs ``unshare -n`` as root, ``unshare -rn`` otherwise; skipped, with the reason, where neither is allowed.
"""

from __future__ import annotations

import ast
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR
from tests.helpers import ASSISTANCE_CONVERSATION, EXPECTED_FIELDS, MERITS

pytestmark = pytest.mark.slow  # subprocesses in a network namespace, the model, Chroma and gradio

NETGUARD = PROJECT_ROOT / "tests" / "netguard"
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost", "", None}


def _namespace_command() -> tuple[list[str] | None, str]:
    """``unshare -n`` (as root), else ``unshare -rn`` (an unprivileged user namespace), else why neither."""
    if not shutil.which("unshare"):
        return None, "the unshare command (util-linux) is missing"
    why = ""
    for command in (["unshare", "-n"], ["unshare", "-r", "-n"]):
        try:
            done = subprocess.run([*command, "true"], capture_output=True, timeout=20)
        except OSError as error:
            return None, f"unshare failed: {error}"
        if done.returncode == 0:
            return command, ""
        why = done.stderr.decode(errors="replace")[:200]
    return None, f"no network namespace can be made here (needs root or user namespaces): {why}"


UNSHARE, NO_NAMESPACE = _namespace_command()
needs_namespace = pytest.mark.skipif(UNSHARE is None, reason=NO_NAMESPACE)


# ------------------------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    """A fresh data folder (no index yet) and the environment of every offline process."""
    root = tmp_path_factory.mktemp("offline")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "NETGUARD_"))}
    env.update(ASSISTANT_DATA_DIR=str(root / "data"), ASSISTANT_TODAY="2026-03-02", PYTHONIOENCODING="utf-8",
               NETGUARD_LOG=str(root / "connections.log"),
               PYTHONPATH=os.pathsep.join([str(NETGUARD), str(PROJECT_ROOT), env.get("PYTHONPATH", "")]))
    # Proxies would point outside; inside the namespace they are unreachable anyway, but keep runs clean.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        env.pop(name, None)
    return root, env


def outside_connections(log: Path) -> list[str]:
    """Lines of the connection log whose address is not loopback or a Unix socket."""
    bad = []
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        _pid, event, target = line.split(" ", 2)
        address = ast.literal_eval(target)
        if isinstance(address, str | bytes):  # a Unix socket path
            continue
        host = address[0].decode() if isinstance(address[0], bytes) else address[0]
        if host not in LOOPBACK_HOSTS and not str(host).startswith("127."):
            bad.append(line)
    return bad


def run_offline(offline, *args: str, stdin: bytes = b"", loopback: bool = False,
                timeout: int = 300) -> subprocess.CompletedProcess:
    """``python -m assistant ARGS`` (or ``python ARGS`` when the first arg is a script) with no network."""
    root, env = offline
    command = [sys.executable, *args] if args[0].endswith(".py") else [sys.executable, "-m", "assistant", *args]
    if loopback:  # the namespace's loopback starts down; the web app and its client need it
        command = ["sh", "-c", 'ip link set lo up && exec "$@"', "sh", *command]
    done = subprocess.run([*UNSHARE, *command], input=stdin, capture_output=True, env=env,
                          cwd=PROJECT_ROOT, timeout=timeout)
    stderr = done.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert done.returncode == 0, stderr[-3000:]
    assert outside_connections(root / "connections.log") == []
    return done


def json_lines(done: subprocess.CompletedProcess) -> list:
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


# ---------------------------------------------------------------------------------- the CLI, offline


@needs_namespace
def test_ask_builds_the_index_and_answers_with_no_network(offline):
    root, _ = offline
    questions = "Who must sign the request?\nCan we share information with a third country?\nArticle 99\n"
    rows = json_lines(run_offline(offline, "ask", "--json", "-", stdin=questions.encode()))
    assert len(rows) == 3
    assert rows[0]["found"] and rows[0]["citations"][0]["id"].startswith("art-6.4")
    assert rows[1]["found"] and rows[1]["citations"][0]["article"] == "10"
    assert rows[2]["found"] is False and "no Article 99" in rows[2]["answer"]
    assert (root / "data" / "index" / "current.json").exists()  # built here, offline


@needs_namespace
def test_search_works_with_no_network(offline):
    lines = b"transfer information to a third party\nArticle 6(3)(g)\n"
    results = json_lines(run_offline(offline, "search", "--json", "-k", "3", "-", stdin=lines))
    assert [r[0]["id"] for r in results] == ["art-10", "art-6.3.g"]


@needs_namespace
def test_a_whole_draft_and_its_exports_with_no_network(offline, tmp_path):
    stdin = "".join(m + "\n" for m in ASSISTANCE_CONVERSATION).encode()
    turns = json_lines(run_offline(offline, "draft", "--jsonl", stdin=stdin))
    assert turns[-1]["complete"] and turns[-1]["fields"] == EXPECTED_FIELDS
    draft_id = turns[-1]["draft_id"]
    run_offline(offline, "draft", "--export", draft_id, "--format", "docx", "-o", str(tmp_path / "r.docx"))
    run_offline(offline, "draft", "--export", draft_id, "--format", "pdf", "-o", str(tmp_path / "r.pdf"))
    with zipfile.ZipFile(tmp_path / "r.docx") as docx:
        assert MERITS in docx.read("word/document.xml").decode()
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(
        (tmp_path / "r.pdf").read_bytes())).pages)
    assert "Alpha Bank" in text and "203.0.113.5" in text


@needs_namespace
def test_quiz_works_with_no_network(offline):
    questions = json.loads(run_offline(offline, "quiz", "--json", "-n", "5", "--seed", "3").stdout)
    assert len(questions) == 5 and all(q["citation"]["id"] for q in questions)


@needs_namespace
def test_web_app_answers_and_drafts_with_no_network(offline):
    if not shutil.which("ip"):
        pytest.skip("the ip command (iproute2) is missing: cannot bring the namespace's loopback up")
    done = run_offline(offline, "tests/offline_web.py", loopback=True)
    result = json.loads(done.stdout.decode("utf-8").splitlines()[-1])
    first, follow = result["ask"]
    assert first["found"] and first["citations"][0]["article"] == "6"
    assert follow["session_id"] == first["session_id"] and "3 days" in follow["answer"]
    assert result["draft"][-1]["complete"] and result["draft"][-1]["fields"] == EXPECTED_FIELDS
    assert "Running on local URL:  http://127.0.0.1:" in result["log"]
    assert "public link" not in result["log"].replace("To create a public link", "")
    root, _ = offline  # the guard was active in these processes: it saw the client reach the app
    assert "socket.connect ('127.0.0.1'" in (root / "connections.log").read_text(encoding="utf-8")


def test_the_connection_log_catches_an_outside_address(tmp_path):
    """The guard itself: a process that tries to reach an outside address is recorded (and would fail)."""
    env = {**os.environ, "NETGUARD_LOG": str(tmp_path / "log"), "PYTHONPATH": str(NETGUARD)}
    code = ("import socket\ns = socket.socket(); s.settimeout(0.2)\n"
            "try:\n    s.connect(('192.0.2.1', 9))\nexcept OSError:\n    pass\n")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)
    caught = outside_connections(tmp_path / "log")
    assert caught and all("192.0.2.1" in line for line in caught)


# ---------------------------------------------------------------------------------- telemetry is off


def test_importing_assistant_overrides_telemetry_settings_from_the_environment():
    """Set, not defaulted: even an environment asking for analytics and hub access gets them switched off."""
    env = {**os.environ, "HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0", "GRADIO_ANALYTICS_ENABLED": "True",
           "ANONYMIZED_TELEMETRY": "True", "HF_HUB_DISABLE_TELEMETRY": "0"}
    code = ("import json, os, assistant, gradio.analytics\n"
            "keys = ['HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE', 'HF_HUB_DISABLE_TELEMETRY', "
            "'GRADIO_ANALYTICS_ENABLED', 'ANONYMIZED_TELEMETRY']\n"
            "print(json.dumps({**{k: os.environ[k] for k in keys}, "
            "'gradio': gradio.analytics.analytics_enabled()}))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                                       "HF_HUB_DISABLE_TELEMETRY": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                                       "ANONYMIZED_TELEMETRY": "False", "gradio": False}


def test_hub_and_gradio_are_offline_in_this_process():
    import gradio.analytics
    import huggingface_hub.constants

    assert os.environ["HF_HUB_OFFLINE"] == "1" and huggingface_hub.constants.HF_HUB_OFFLINE
    assert gradio.analytics.analytics_enabled() is False


def test_chroma_clients_have_telemetry_off(tmp_path, chroma_server, retriever):
    from assistant.search.vectors import chroma_settings, http_client, persistent_client

    assert chroma_settings().anonymized_telemetry is False
    assert persistent_client(tmp_path / "db").get_settings().anonymized_telemetry is False
    assert http_client(chroma_server).get_settings().anonymized_telemetry is False
    # and the client behind the index the assistant actually opened
    assert retriever.index.collection._client.get_settings().anonymized_telemetry is False


def test_web_app_is_built_with_analytics_off_and_launched_without_sharing(retriever, tmp_path, monkeypatch):
    import gradio as gr

    from assistant.answers.extractive import Answerer
    from assistant.web.app import serve

    launched = {}
    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)  # serve() sets it; restored after the test
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **kwargs: launched.update(kwargs, app=self))
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR)
    umask = os.umask(0o022)
    try:
        serve(settings, Answerer(retriever))
    finally:
        os.umask(umask)  # serve() sets the process umask to 077; other tests keep their own
    assert launched["app"].analytics_enabled is False
    assert launched["share"] is False and launched["server_name"] == "127.0.0.1"
    assert launched["enable_monitoring"] is False and launched["mcp_server"] is False
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert Path(os.environ["GRADIO_TEMP_DIR"]).is_relative_to(settings.data_dir)
