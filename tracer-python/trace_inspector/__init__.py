"""trace_inspector: trace a Python app's functions into a SQLite file that Trace Inspector opens
live (the data_trace contract). Standard library only; Python 3.9+.

    import trace_inspector
    trace_inspector.init("traces.db")        # then @trace_inspector.trace on any function

or, with a tracer of your own: `tracer = Tracer("traces.db")`, `@tracer.trace`, `with tracer.span(…)`.
"""
from typing import Any, Callable, Optional, TypeVar, Union

from .calls import Span, SpanContext, span_site
from .tracer import Tracer, decorate

__all__ = ["Tracer", "Span", "SpanContext", "init", "trace", "span", "current", "get_tracer"]
__version__ = "0.1.0"

F = TypeVar("F", bound=Callable[..., Any])

_default: Optional[Tracer] = None


def init(path: str, **options: Any) -> Tracer:
    """Starts the default tracer (options as Tracer's) used by `trace` and `span`; replaces (and
    closes) a previous one."""
    global _default
    previous, _default = _default, Tracer(path, **options)
    if previous is not None:
        previous.close()
    return _default


def get_tracer() -> Optional[Tracer]:
    return _default


def trace(fn: Optional[F] = None, *, name: Optional[str] = None, group: Optional[str] = None,
          args: bool = True) -> Union[F, Callable[[F], F]]:
    """Decorator using the default tracer at call time: until `init` runs, calls run untraced."""
    return decorate(get_tracer, fn, name, group, args)


def span(name: str, *, group: Optional[str] = None, **values: Any) -> Span:
    """`with trace_inspector.span("orders.checkout", order_id=7):` on the default tracer."""
    return Span(get_tracer, span_site(name, group, 1), values)


def current() -> Optional[SpanContext]:
    from .calls import current_span

    return current_span.get()
