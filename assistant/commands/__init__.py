"""Sub-commands of the ``assistant`` CLI. Each module has ``register(subparsers)``; see ``assistant.cli``."""
