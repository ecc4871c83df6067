"""Reading untrusted paths and writing outputs without hanging, over-reading or losing data.

Reads look at what a path is before opening it (a FIFO would block ``open``, ``/dev/zero`` would
never end) and stop one byte past the limit. Outputs are checked before any work starts and
written through a temporary file, so a full disk leaves the old file intact, never half a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, OutputError
from .limits import human_bytes

_SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))
_KINDS = ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
          (stat.S_ISSOCK, "socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "special file")


def too_big(label: str, max_bytes: int, env: str) -> InputError:
    return InputError(f"{label} is larger than {human_bytes(max_bytes)}: shorten it, or raise the limit with {env}.")


def read_file(path: str | os.PathLike[str], *, max_bytes: int, env: str = "TOOLKIT_MAX_INPUT_BYTES",
              label: str | None = None) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; folders, FIFOs and devices are refused
    without blocking, and a file that grows past the limit while read is refused too."""
    label = label or f"File {str(path)!r}"
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{label} does not exist: check the path.") from None
    except OSError as exc:
        raise InputError(f"{label} cannot be read ({exc.strerror}): check its permissions.") from None
    _check_regular(st.st_mode, label)
    if st.st_size > max_bytes:
        raise too_big(label, max_bytes, env)
    try:  # O_NONBLOCK: if the path was swapped for a FIFO since stat, open must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"{label} cannot be read ({exc.strerror}): check its permissions.") from None
    with os.fdopen(fd, "rb") as f:
        _check_regular(os.fstat(fd).st_mode, label)
        try:
            data = f.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{label} cannot be read ({exc.strerror}): check the file.") from None
    if len(data) > max_bytes:
        raise too_big(label, max_bytes, env)
    return data


def read_stream(stream: BinaryIO, *, max_bytes: int, label: str, env: str = "TOOLKIT_MAX_INPUT_BYTES") -> bytes:
    """At most ``max_bytes`` from a stream (stdin): ``< /dev/zero`` stops at the limit."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big(label, max_bytes, env)
    return data


def _check_regular(mode: int, label: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{label} is a folder, not a file: give one post file (or use `toolkit bulk` for a folder).")
    if not stat.S_ISREG(mode):
        raise InputError(f"{label} is a {_kind(mode)}, not a regular file: save the post to a file first, or pipe it in with `-`.")


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (links followed) lies inside ``folder``."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop resolves to nothing
        return False


# --- outputs -----------------------------------------------------------------------------------


def check_output_path(path: str | os.PathLike[str], *, option: str = "-o") -> Path:
    """Refuse an output path that cannot be written, before any work is done.

    Shared by ``toolkit repurpose -o`` and ``toolkit bulk -o`` (file outputs): the folder must
    exist and accept a new file, the target must be a regular file (or not exist yet), and system
    folders (/proc, /sys, /dev) are refused. ``/dev/null`` is allowed.
    """
    p = Path(path).expanduser()
    if str(p) == os.devnull:
        return p
    absolute = Path(os.path.abspath(p))
    if any(absolute == root or absolute.is_relative_to(root) for root in _SYSTEM_ROOTS):
        raise OutputError(f"{option} {str(path)!r} is inside a system folder: write to a file in one of your folders.")
    if p.is_dir():
        raise OutputError(f"{option} {str(path)!r} is a folder: give a file name, e.g. {str(p / 'out.md')!r}.")
    if p.exists() and not p.is_file():
        raise OutputError(f"{option} {str(path)!r} is a {_kind(os.stat(p).st_mode)}, not a file: choose a file path.")
    folder = absolute.parent
    if not folder.is_dir():
        raise OutputError(f"{option} {str(path)!r}: the folder {str(folder)!r} does not exist: create it first, or choose another path.")
    _probe(folder, path, option)
    if p.exists() and not os.access(p, os.W_OK):
        raise OutputError(f"{option} {str(path)!r} is read-only: choose another path, or make it writable.")
    return p


def check_output_folder(path: str | os.PathLike[str], *, option: str = "-o") -> Path:
    """Refuse an output folder (``toolkit bulk -o FOLDER`` for Markdown files) that cannot be
    written, before any work: it must be a folder, or be creatable under a writable one."""
    p = Path(path).expanduser()
    absolute = Path(os.path.abspath(p))
    if any(absolute == root or absolute.is_relative_to(root) for root in _SYSTEM_ROOTS):
        raise OutputError(f"{option} {str(path)!r} is inside a system folder: write to one of your folders.")
    if p.exists() and not p.is_dir():
        raise OutputError(f"{option} {str(path)!r} exists and is not a folder: choose a folder path.")
    existing = next(a for a in (absolute, *absolute.parents) if a.exists())
    if not existing.is_dir():
        raise OutputError(f"{option} {str(path)!r}: {str(existing)!r} is not a folder: choose another path.")
    _probe(existing, path, option)
    return p


def _probe(folder: Path, path: str | os.PathLike[str], option: str) -> None:
    try:  # the only honest test: create a file there (root, ACLs and read-only mounts defeat os.access)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".toolkit-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{option} {str(path)!r}: the folder {str(folder)!r} is not writable ({exc.strerror}): "
                          "choose another folder.") from None


def write_output(path: str | os.PathLike[str], text: str, *, option: str = "-o") -> Path:
    """Write ``text`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    p = Path(path).expanduser()
    if str(p) == os.devnull:
        return p
    folder = Path(os.path.abspath(p)).parent
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{p.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, _new_file_mode(p))
        os.replace(tmp, p)
        tmp = None
    except OSError as exc:
        raise OutputError(f"Could not write {option} {str(path)!r} ({exc.strerror}): free some space or choose "
                          "another path; nothing was changed there.") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return p


def _new_file_mode(p: Path) -> int:
    """Keep an existing file's permissions; a new one gets the usual 0666 minus the umask."""
    try:
        return stat.S_IMODE(os.stat(p).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
