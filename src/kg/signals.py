"""How the ``kg`` command meets SIGINT and SIGTERM: both stop it the way Ctrl-C does
(``Interrupted.``, exit 130, previous outputs left as they were, no traceback), from kg's first
import on. Importing kg as a library changes no signal handler."""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def interrupt_on_sigterm() -> Any:
    """Make SIGTERM raise ``KeyboardInterrupt`` as Ctrl-C does; the previous handler, or
    ``None`` off the main thread (where handlers cannot be set)."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def is_command() -> bool:
    """Whether this process is the ``kg`` command (its script, or ``python -m kg``)."""
    argv = list(getattr(sys, "orig_argv", []))
    if any(a == "-m" and b == "kg" for a, b in itertools.pairwise(argv)):
        return True
    return bool(sys.argv) and Path(sys.argv[0]).name == "kg"


@contextmanager
def command_startup() -> Iterator[None]:
    """Around kg's own imports (a second or so before the command runs): in the ``kg``
    command, SIGTERM interrupts already, and an interrupt ends it quietly with exit 130."""
    if not is_command() or threading.current_thread() is not threading.main_thread():
        yield
        return
    interrupt_on_sigterm()
    try:
        yield
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        raise SystemExit(130) from None
