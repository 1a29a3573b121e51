"""Records every network connection a Python process tries; used by tests/test_offline.py.

Put this folder first on PYTHONPATH and set NETGUARD_LOG to a file: Python imports ``sitecustomize`` at
start-up, and the audit hook below appends one line per ``socket.connect`` / ``socket.getaddrinfo`` /
``socket.sendto`` to that file (the address, as repr). Connections are not blocked here (the network
namespace does that); the test reads the file and fails on any address that is not loopback or a Unix socket.
"""

import os
import sys

_LOG = os.environ.get("NETGUARD_LOG")


def _hook(event, args):
    if event in ("socket.connect", "socket.sendto"):
        target = args[-1]
    elif event == "socket.getaddrinfo":
        target = (args[0], args[1])
    else:
        return
    try:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {event} {target!r}\n")
    except OSError:
        pass


if _LOG:
    sys.addaudithook(_hook)
