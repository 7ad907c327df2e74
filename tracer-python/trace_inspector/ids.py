"""Trace and span ids as lowercase hex (32 and 16 characters), as W3C trace context writes them."""
import os

_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16


def new_trace_id() -> str:
    while True:
        # An all-zero id is invalid in W3C trace context: astronomically rare, cheap to rule out.
        tid = os.urandom(16).hex()
        if tid != _ZERO_TRACE:
            return tid


def new_span_id() -> str:
    while True:
        sid = os.urandom(8).hex()
        if sid != _ZERO_SPAN:
            return sid
