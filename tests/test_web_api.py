"""The web API: typed JSON on gradio's API page, /conversation and /quiz, and the README's example run."""

from __future__ import annotations

import contextlib
import io
import json
import re
import urllib.request

import pytest

from assistant.settings import PROJECT_ROOT

pytest_plugins = ["tests.browser"]  # its fixtures: app_url, browser, open_page
pytestmark = pytest.mark.slow


def readme_api_example() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### API"):]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL)[1]


def test_the_api_page_describes_typed_json(app_url):
    with urllib.request.urlopen(f"{app_url}gradio_api/info") as reply:
        info = json.load(reply)["named_endpoints"]
    assert {"/ask", "/draft", "/conversation", "/quiz"} <= set(info)
    ask = info["/ask"]["returns"][0]["type"]
    assert ask["type"] == "object" and {"answer", "found", "citations", "session_id"} <= set(ask["properties"])
    assert ask["properties"]["citations"]["items"]["properties"]["label"] == {"type": "string"}
    draft = info["/draft"]["returns"][0]["type"]
    assert {"draft_id", "reply", "complete", "fields"} <= set(draft["properties"])
    assert info["/quiz"]["returns"][0]["type"]["type"] == "array"


def test_the_readme_api_example_runs(app_url):
    code = readme_api_example().replace("http://127.0.0.1:7860/", app_url)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    lines = [line for line in printed.getvalue().splitlines() if not line.startswith("Loaded as API")]
    assert lines[0] == "Article 6(4) | Article 6(2)"
    assert lines[1].startswith("requesting_authority")
    assert lines[2] == "['Who must sign the request?', 'and how fast must an oral one be confirmed?']"
    assert lines[3]


def test_conversations_list_read_delete_and_unknown_drafts_get_a_web_message(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    first = client.predict("Who must sign the request?", None, api_name="/ask")
    listed = client.predict("list", "", api_name="/conversation")
    assert first["session_id"] in [c["id"] for c in listed["conversations"]]
    gone = client.predict("delete", first["session_id"], api_name="/conversation")
    assert gone["deleted"] and first["session_id"] not in [c["id"] for c in gone["conversations"]]
    with pytest.raises(Exception) as error:
        client.predict("assistance", "no-such-draft", api_name="/draft")
    assert "assistant draft" not in str(error.value) and "no draft" in str(error.value).lower()
