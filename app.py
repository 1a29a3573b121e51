"""The web app: `python app.py` (or `make run`) serves it on http://127.0.0.1:7860.

Settings come from ASSISTANT_* environment variables (see README.md): ASSISTANT_HOST, ASSISTANT_PORT,
ASSISTANT_AUTH=user:password, ASSISTANT_DATA_DIR, ASSISTANT_CHROMA_URL, ASSISTANT_LLM_URL, ...
"""

from assistant.settings import Settings
from assistant.web.app import serve

if __name__ == "__main__":
    serve(Settings())
