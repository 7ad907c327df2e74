"""Trace and span ids as lowercase hex (32 and 16 characters), as W3C trace context writes them.

random.getrandbits, as OpenTelemetry's Python SDK does: ids need to be unique, not secret, and it
costs a fraction of os.urandom's system call per id. The random module reseeds in a forked child.
"""
import random

_bits = random.getrandbits


def new_trace_id() -> str:
    # An all-zero id is invalid in W3C trace context: astronomically rare, cheap to rule out.
    n = _bits(128)
    return "%032x" % n if n else new_trace_id()


def new_span_id() -> str:
    n = _bits(64)
    return "%016x" % n if n else new_span_id()
