"""What a traced call records: the decorator (sync and async functions) and the span context
manager. The current call lives in a ContextVar, so calls made inside a traced one become its
children in the same trace, across awaits and in tasks it creates (they copy the context).

Nothing here may raise into the user's code: every tracer step is guarded, and a tracer that is
missing or broken leaves the function to run untraced.
"""
import functools
import inspect
import os
import sys
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NamedTuple, Optional, Tuple

if TYPE_CHECKING:
    from .tracer import Tracer


class SpanContext(NamedTuple):
    trace_id: str
    span_id: str


#: The traced call running now in this context (thread, task), if any.
current_span: "ContextVar[Optional[SpanContext]]" = ContextVar("trace_inspector_span", default=None)

TracerRef = Callable[[], "Optional[Tracer]"]


class Site:
    """Where a traced function lives and how to name its arguments, worked out once, never per call."""

    __slots__ = ("process", "group", "file", "line", "names", "varargs", "skip_first", "args")

    def __init__(self, process: str, group: Optional[str], file: Optional[str], line: Optional[int],
                 names: List[str], varargs: Optional[str], skip_first: bool, args: bool) -> None:
        self.process = process
        self.group = group or process.split(".")[0]
        self.file = file
        self.line = line
        self.names = names
        self.varargs = varargs
        self.skip_first = skip_first
        self.args = args

    def named_args(self, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> List[Tuple[str, Any]]:
        """(name, value) per argument passed: `items[0]` for `*items`, the key for `**options`."""
        out = []
        names, n = self.names, len(self.names)
        for i in range(1 if self.skip_first else 0, len(args)):
            if i < n:
                name = names[i]
            elif self.varargs is not None:
                name = "%s[%d]" % (self.varargs, i - n)
            else:
                name = "arg%d" % i
            out.append((name, args[i]))
        out.extend(kwargs.items())
        return out


def _process_name(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", None) or "app"
    if module == "__main__":
        # A script's functions are named after its file, as the Node tracer names them.
        main_file = getattr(sys.modules.get("__main__"), "__file__", None)
        module = os.path.splitext(os.path.basename(main_file))[0] if main_file else "main"
    qualname = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", "anonymous")
    return "%s.%s" % (module, qualname.replace("<locals>.", ""))


def function_site(fn: Callable[..., Any], name: Optional[str], group: Optional[str], args: bool) -> Site:
    code = getattr(inspect.unwrap(fn), "__code__", None)
    # co_firstlineno is the first decorator's line for a decorated function: the contract's source_line.
    file = os.path.abspath(code.co_filename) if code is not None else None
    line = code.co_firstlineno if code is not None else None
    names: List[str] = []
    varargs = None
    try:
        for p in inspect.signature(fn).parameters.values():
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                names.append(p.name)
            elif p.kind == p.VAR_POSITIONAL:
                varargs = p.name
    except (TypeError, ValueError):
        pass  # a builtin without a signature: arguments are arg0, arg1…
    parts = (getattr(fn, "__qualname__", "") or "").split(".")
    # A method's self / cls is the object, not an argument worth a row on every call.
    in_class = len(parts) > 1 and parts[-2] != "<locals>"
    skip_first = in_class and bool(names) and names[0] in ("self", "cls")
    return Site(name or _process_name(fn), group, file, line, names, varargs, skip_first, args)


def traced_function(fn: Callable[..., Any], site: Site, tracer_ref: TracerRef) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            call = _begin(tracer_ref, site, args, kwargs)
            if call is None:
                return await fn(*args, **kwargs)
            try:
                result = await fn(*args, **kwargs)
            except BaseException as err:
                call.finish(err, True)
                raise
            finally:
                call.leave()
            call.finish(result, False)
            return result

        return async_wrapper

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = _begin(tracer_ref, site, args, kwargs)
        if call is None:
            return fn(*args, **kwargs)
        try:
            result = fn(*args, **kwargs)
        except BaseException as err:
            call.finish(err, True)
            raise
        finally:
            call.leave()
        call.finish(result, False)
        return result

    return wrapper


def _begin(tracer_ref: TracerRef, site: Site, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> "Optional[Call]":
    try:
        tracer = tracer_ref()
        if tracer is None or tracer.closed:
            return None
        return tracer.begin(site, site.named_args(args, kwargs) if site.args else ())
    except Exception:
        return None


class Call:
    """One running traced call: its ids, clocks, and the ContextVar token that makes it current."""

    __slots__ = ("tracer", "site", "ctx", "parent_id", "t0", "mem0", "token", "done")

    def __init__(self, tracer: "Tracer", site: Site, ctx: SpanContext, parent_id: Optional[str],
                 t0: float, mem0: Optional[int]) -> None:
        self.tracer = tracer
        self.site = site
        self.ctx = ctx
        self.parent_id = parent_id
        self.t0 = t0
        self.mem0 = mem0
        self.token = current_span.set(ctx)
        self.done = False

    def leave(self) -> None:
        try:
            current_span.reset(self.token)
        except (ValueError, RuntimeError):
            # Left in another context than it was entered in (a generator resumed elsewhere):
            # that context is not ours to restore.
            pass

    def finish(self, value: Any, failed: bool) -> None:
        if self.done:
            return
        self.done = True
        try:
            self.tracer.end(self, value, failed)
        except Exception:
            self.tracer.internal_errors += 1


class Span:
    """`with tracer.span("orders.checkout", order_id=7) as s:` (or `async with`): a call of its own,
    recording the keyword values when it starts and `s.result` (default None) or the exception when
    it ends. The exception is never swallowed."""

    def __init__(self, tracer_ref: TracerRef, site: Site, values: Dict[str, Any]) -> None:
        self._tracer_ref = tracer_ref
        self._site = site
        self._values = values
        self._call: Optional[Call] = None
        self.result: Any = None

    @property
    def context(self) -> Optional[SpanContext]:
        return self._call.ctx if self._call is not None else None

    def __enter__(self) -> "Span":
        self._call = _begin(self._tracer_ref, self._site, (), self._values)
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        call, self._call = self._call, None
        if call is not None:
            call.leave()
            if exc is not None:
                call.finish(exc, True)
            else:
                call.finish(self.result, False)
        return False

    async def __aenter__(self) -> "Span":
        return self.__enter__()

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        return self.__exit__(exc_type, exc, tb)


def span_site(name: str, group: Optional[str], depth: int) -> Site:
    """A span's site: its name, and the file and line of the `with` that opened it."""
    try:
        frame = sys._getframe(depth + 1)
        file, line = os.path.abspath(frame.f_code.co_filename), frame.f_lineno
    except Exception:
        file, line = None, None
    return Site(name, group, file, line, [], None, False, True)
