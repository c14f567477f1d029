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


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(signum: int | None = None) -> None:
    """Ask Linux to send this process ``signum`` (SIGKILL by default) when its parent ends;
    nothing elsewhere. Safe between fork and exec (``subprocess.Popen(preexec_fn=...)``): the
    C function is looked up when this module is imported."""
    if _prctl is not None:
        import signal

        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL if signum is None else signum, 0, 0, 0)


def _find_prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_prctl = _find_prctl()
