"""Offline, citation-first assistant over the CIS Agreement on combating IT crimes (Dushanbe, 2018).

Importing the package switches off every way its libraries could reach the network or report usage:
Hugging Face hub downloads, gradio analytics and Chroma's anonymized telemetry. These are set (not
defaulted) on purpose: the texts of requests are confidential (Article 8 of the Agreement).
"""

import os

OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}
os.environ.update(OFFLINE_ENVIRONMENT)

__version__ = "0.1.0"
