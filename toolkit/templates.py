"""Sandboxed Jinja2 environments for every user-editable template.

Prompt templates, output layouts and carousel themes are edited by users, so they render in an
``ImmutableSandboxedEnvironment`` with ``StrictUndefined``: a template that reaches for Python
internals, or names a variable it was not given, fails with a ``TemplateError`` that says which
template and why, instead of leaking data or silently rendering blanks.

Templates are also bounded (``toolkit.limits``): ``**``, string repetition, padding, ``%`` and
``replace`` may not build values past the output limit, all ``range()`` calls of one render share
one budget, output stops at the character limit, a render that runs past its time limit is
interrupted, and a macro or include that calls itself forever is stopped. Template files are
read only from inside their folders: a link leading out is refused.
"""

from __future__ import annotations

import contextvars
import ctypes
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import filters as jinja_filters
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import TemplateError
from .lang import CLAUSE_END, SENTENCE_END
from .limits import LIMITS, int_limit, limit


class TemplateLimitError(SecurityError):
    """A template tried to build something larger or slower than the limits allow."""


class _RenderTimeout(BaseException):
    """Raised into the rendering thread by the watchdog; a BaseException so no ``except Exception`` swallows it."""


_BUDGET: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("toolkit_template_budget", default=None)
_MAX_POWER_BITS = 64 * 1024  # 2**65536 has about 20,000 digits: any real template stays far below
_FORMAT_NUMBERS = re.compile(r"\d+")


def _max_chars() -> int:
    """The output cap of the render in progress (read once per render), else the configured one."""
    budget = _BUDGET.get()
    return budget[1] if budget is not None else int_limit("template_chars")


def _too_big(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what} would exceed {_max_chars():,} characters ({LIMITS['template_chars'].env})")


def _check_size(size: int, what: str) -> None:
    if size > _max_chars():
        raise _too_big(what)


def _check_power(base: Any, exponent: Any) -> None:
    if (isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0
            and exponent * abs(base).bit_length() > _MAX_POWER_BITS):
        raise TemplateLimitError(f"{base} ** {exponent} is too large a number")


def _check_repeat(left: Any, right: Any) -> None:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            _check_size(len(seq) * n, "repeating a value")


def _check_format_spec(spec: Any, args: Any = ()) -> None:
    """``'%0999999999d' % 1`` or ``'{:>999999999}'.format(1)``: widths past the limit are refused."""
    if isinstance(spec, str) and any(int(n) > _max_chars() for n in _FORMAT_NUMBERS.findall(spec) if len(n) < 30):
        raise _too_big("a formatting width")
    if isinstance(spec, str) and any(len(n) >= 30 for n in _FORMAT_NUMBERS.findall(spec)):
        raise _too_big("a formatting width")
    values = args if isinstance(args, (tuple, list)) else (args,)
    if isinstance(spec, str) and "*" in spec and any(isinstance(v, int) and v > _max_chars() for v in values):
        raise _too_big("a formatting width")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        occurrences = len(text) + 1 if not old else text.count(old)
        _check_size(len(text) + occurrences * (len(new) - len(old)), "replace()")


def _check_join(sep: Any, items: Any) -> None:
    if isinstance(sep, str) and isinstance(items, (list, tuple, range, dict, set)):
        pieces = sum(len(x) for x in items if isinstance(x, str)) if isinstance(items, (list, tuple)) else 0
        _check_size(len(sep) * max(0, len(items) - 1) + pieces, "join()")


def _check_method(obj: Any, args: tuple, kwargs: dict) -> None:
    """Calls on strings that allocate what the template asks for."""
    obj = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format in its own safe formatter
    owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _check_size(args[0], f"{name}()")
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _check_size(len(owner) + owner.count("\t") * size, "expandtabs()")
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "join" and args:
        _check_join(owner, args[0])
    elif name in ("format", "format_map"):
        _check_format_spec(owner)


def _range(*args: int) -> range:
    """``range`` whose items count against one budget per render: nested loops cannot multiply."""
    rng = range(*args)
    budget = _BUDGET.get()
    if budget is not None:
        budget[0] -= len(rng)
        if budget[0] < 0:
            raise TemplateLimitError(f"the loops ask for more than {int_limit('template_range'):,} items in all "
                                     f"({LIMITS['template_range'].env})")
    elif len(rng) > int_limit("template_range"):
        raise TemplateLimitError(f"range() of {len(rng):,} items is too large")
    return rng


def _checked_filter(name: str, check: Callable[..., None]) -> Callable[..., Any]:
    original = jinja_filters.FILTERS[name]
    passes_context = hasattr(original, "jinja_pass_arg")  # Jinja then calls it with the eval context first

    def bounded(*args: Any, **kwargs: Any) -> Any:
        check(*(args[1:] if passes_context else args), **kwargs)
        return original(*args, **kwargs)

    for attr in ("jinja_pass_arg",):  # keep @pass_eval_context and friends working
        if hasattr(original, attr):
            setattr(bounded, attr, getattr(original, attr))
    return bounded


def _filter_center(value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    if isinstance(width, int):
        _check_size(width, "center")


def _filter_indent(s: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    if isinstance(width, int):
        _check_size(len(str(s)) + (str(s).count("\n") + 1) * width, "indent")
    elif isinstance(width, str):
        _check_size(len(str(s)) + (str(s).count("\n") + 1) * len(width), "indent")


def _filter_format(value: Any, *args: Any, **__: Any) -> None:
    _check_format_spec(value, args)


def _filter_replace(s: Any, old: Any = "", new: Any = "", *_: Any, **__: Any) -> None:
    _check_replace(str(s), old, new)


def _filter_join(value: Any, d: Any = "", *_: Any, **__: Any) -> None:
    _check_join(str(d), value)


def _filter_slice(value: Any, slices: Any, *_: Any, **__: Any) -> None:
    if isinstance(slices, int) and slices > int_limit("template_range"):
        raise TemplateLimitError(f"slice({slices:,}) is too many slices")


_BOUNDED_FILTERS: dict[str, Callable[..., None]] = {"center": _filter_center, "indent": _filter_indent, "format": _filter_format,
                    "replace": _filter_replace, "join": _filter_join, "slice": _filter_slice}


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox plus size checks on the operators and calls that allocate on request. The
    operators are intercepted, so Jinja also stops folding ``7 ** 999999999`` while compiling."""

    intercepted_binops = frozenset({"**", "*", "%"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_repeat(left, right)
        elif operator == "%":
            _check_format_spec(left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _check_method(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)


class ConfinedLoader(jinja2.FileSystemLoader):
    """A folder loader that refuses templates whose real path (links followed) leaves the folder."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if not any(Path(real).is_relative_to(os.path.realpath(folder)) for folder in self.searchpath):
            raise TemplateError(f"Template {template!r} is a link to {real!r}, outside its template folder: "
                                "copy the file into the folder instead.")
        return source, filename, uptodate


def make_environment(
    folders: Sequence[Path], *, autoescape: bool = False, trim_blocks: bool = True
) -> ImmutableSandboxedEnvironment:
    """An environment searching ``folders`` in order: a user's folder first overrides single files."""
    loader = jinja2.ChoiceLoader([ConfinedLoader(str(f)) for f in folders])
    env = BoundedSandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=trim_blocks,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["end_sentence"] = end_sentence
    for name, check in _BOUNDED_FILTERS.items():
        env.filters[name] = _checked_filter(name, check)
    env.globals["range"] = _range
    env.globals.pop("lipsum", None)  # lipsum(n=10**9) would write paragraphs until memory runs out
    return env


def end_sentence(text: str) -> str:
    """Text that ends like a sentence: a full stop added unless it already ends with one (. ! ? ؟ …)."""
    text = str(text).rstrip()
    return text if not text or text.endswith(SENTENCE_END + CLAUSE_END) else text + "."


def template_exists(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    except jinja2.TemplateError:
        return True
    return True


def load_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    """Load and compile template ``name`` once, to render it many times."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(
            f"Template {name!r} was not found: add it to your template folder or remove the override."
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Template {name!r} has a syntax error on line {exc.lineno} ({exc.message}): fix it and retry.") from None


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; every Jinja failure becomes one readable ``TemplateError``."""
    return render_compiled(load_template(env, name), context, label=f"template {name!r}")


def compile_string(env: jinja2.Environment, source: str, *, label: str = "inline template") -> jinja2.Template:
    """Compile a template given as text once, to render it many times."""
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"The {label} has a syntax error on line {exc.lineno} ({exc.message}): fix it and retry.") from None


def render_string(env: jinja2.Environment, source: str, context: Mapping[str, Any], *, label: str = "inline template") -> str:
    """Render a template given as text (phrase patterns, previews of edited copies)."""
    return render_compiled(compile_string(env, source, label=label), context, label=label)


def render_compiled(template: jinja2.Template, context: Mapping[str, Any], *, label: str = "inline template") -> str:
    """Render with the limits on; every failure of the template becomes one ``TemplateError``."""
    budget = _BUDGET.set([int_limit("template_range"), int_limit("template_chars")])
    try:
        with _deadline(limit("template_seconds")):
            return _generate(template, context, label)
    except TemplateLimitError as exc:
        raise TemplateError(f"The {label} went over a limit ({exc}): simplify it, or raise the limit.") from None
    except _RenderTimeout:
        _forget_deadline()
        raise TemplateError(f"The {label} took longer than {limit('template_seconds'):g} s to render "
                            f"({LIMITS['template_seconds'].env}): remove the loop that never ends.") from None
    except RecursionError:
        raise TemplateError(f"The {label} calls itself without end (a macro or include that recurses): "
                            "give the recursion a stopping condition.") from None
    except SecurityError as exc:
        raise TemplateError(f"The {label} tried an unsafe operation ({exc}): remove it from the template.") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"The {label} uses an unknown variable ({exc}): use only the variables listed at its top.") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"The {label} has a syntax error on line {exc.lineno} ({exc.message}): fix it and retry.") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"The {label} failed to render ({exc}): fix it and retry.") from None
    except TemplateError:
        raise
    except (ArithmeticError, ValueError, TypeError, LookupError, MemoryError) as exc:  # 1/0, int('x'), ...
        raise TemplateError(f"The {label} failed to render ({type(exc).__name__}: {exc}): fix it and retry.") from None
    finally:
        _BUDGET.reset(budget)


def _generate(template: jinja2.Template, context: Mapping[str, Any], label: str) -> str:
    """The output piece by piece, stopping as soon as it passes the character limit."""
    pieces: list[str] = []
    total, cap = 0, _max_chars()
    for piece in template.root_render_func(template.new_context(dict(context))):  # generate() without a layer
        total += len(piece)
        if total > cap:
            raise _too_big("the output")
        pieces.append(piece)
    return "".join(pieces)


# --- time limit -------------------------------------------------------------------------------
# A loop over a long string can run for hours without allocating anything. A watchdog thread raises
# ``_RenderTimeout`` inside a render that passes its deadline (checked between bytecodes, so it also
# works in the app's session threads, where signals cannot be used).

_WATCH_LOCK = threading.Lock()
_DEADLINES: dict[int, float] = {}
_FIRED: set[int] = set()
_WATCHDOG_PID: list[int] = [0]
_DEPTH = threading.local()  # renders nest (a phrase rendered from a template): the outermost owns the deadline


def _raise_in(thread_id: int) -> None:
    # Never call this with NULL to "clear": CPython 3.11 then leaves its eval breaker set, which
    # slows every bytecode and hangs under a tracer. A late timeout is absorbed instead.
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(_RenderTimeout))


def _watch() -> None:
    while True:
        time.sleep(0.2)
        now = time.monotonic()
        with _WATCH_LOCK:
            for thread_id, deadline in _DEADLINES.items():
                if now > deadline:  # again every tick, in case something swallowed it
                    _FIRED.add(thread_id)
                    _raise_in(thread_id)


class _deadline:  # used as ``with _deadline(seconds):``
    """Registers the current thread with the watchdog for the outermost render."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self) -> None:
        depth = getattr(_DEPTH, "n", 0)
        _DEPTH.n = depth + 1
        if depth:
            return
        with _WATCH_LOCK:
            if _WATCHDOG_PID[0] != os.getpid():  # first render here, or a forked worker: start a watchdog
                _WATCHDOG_PID[0] = os.getpid()
                threading.Thread(target=_watch, name="toolkit-template-watchdog", daemon=True).start()
            _DEADLINES[threading.get_ident()] = time.monotonic() + self.seconds

    def __exit__(self, *exc: object) -> None:
        _DEPTH.n = max(0, getattr(_DEPTH, "n", 1) - 1)
        if not _DEPTH.n:
            _forget_deadline()


def _forget_deadline() -> None:
    """Unregister this thread; a timeout fired just as its render ended is taken here, not later."""
    _DEPTH.n = 0
    thread_id = threading.get_ident()
    for _ in range(3):
        try:
            with _WATCH_LOCK:
                _DEADLINES.pop(thread_id, None)
                fired = thread_id in _FIRED
                _FIRED.discard(thread_id)
            if fired:
                for _ in range(10_000):  # backward jumps: where the interpreter delivers a pending exception
                    pass
            return
        except _RenderTimeout:
            continue


def template_source(env: jinja2.Environment, name: str) -> tuple[str, str]:
    """(source text, sha256 hex) of a template, for logging exactly what was used."""
    try:
        source, _filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        raise TemplateError(f"Template {name!r} was not found in the template folders.") from None
    return source, hashlib.sha256(source.encode("utf-8")).hexdigest()
