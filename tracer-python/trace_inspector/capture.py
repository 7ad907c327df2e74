"""Turns any Python value into the (type name, text) pair a data_trace row holds, safely and within
a size budget: reprlib walks at most 6 levels and 100 items, so a huge list costs a slice, not a
copy, a cycle stops at the depth limit, and a __repr__ that raises is caught instead of breaking the call.
"""
import reprlib
from typing import Any, Tuple

MAX_ITEMS = 100
MAX_DEPTH = 6


class _Repr(reprlib.Repr):
    def __init__(self, max_chars: int) -> None:
        super().__init__()
        self.maxlevel = MAX_DEPTH
        self.maxtuple = self.maxlist = self.maxarray = self.maxdict = MAX_ITEMS
        self.maxset = self.maxfrozenset = self.maxdeque = MAX_ITEMS
        self.maxstring = self.maxother = self.maxlong = max_chars

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            text = repr(x)
        except Exception as err:  # a user's __repr__ must not break the traced call
            return "[unrepresentable %s: %s]" % (type(x).__name__, _safe_str(err))
        return truncate(text, self.maxother)


_reprs = {}


def truncate(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return "%s…[+%d chars]" % (text[:max_chars], len(text) - max_chars)


def _safe_str(value: Any) -> str:
    try:
        return str(value)
    except Exception:
        return "<%s>" % type(value).__name__


def type_name(value: Any) -> str:
    """The name a Python developer would say: int, str, dict, NoneType, Order, ValueError…"""
    return type(value).__name__


def capture(value: Any, max_chars: int) -> Tuple[str, str]:
    """(data_type, data_value): strings as they are (like str()), everything else as a bounded repr()."""
    t = type(value)
    # The common argument types first, without reprlib's dispatch (a third of a call's cost).
    if t is str:
        return "str", truncate(value, max_chars)
    if t is int and -(10 ** 18) < value < 10 ** 18:
        return "int", repr(value)
    if t is float or t is bool or value is None:
        return t.__name__, repr(value)
    name = t.__name__
    if isinstance(value, str):
        return name, truncate(value, max_chars)
    r = _reprs.get(max_chars)
    if r is None:
        r = _reprs[max_chars] = _Repr(max_chars)
    try:
        return name, truncate(r.repr(value), max_chars)
    except Exception as err:
        return name, "[unrepresentable %s: %s]" % (name, _safe_str(err))
