"""Python names for catalog things, made in exactly one place.

Model ids and parameter names come from the hub and may be anything: dashes, dots,
leading digits, Python keywords, or names that pydantic's BaseModel already uses.
"""

from __future__ import annotations

import keyword
import re

# Attributes of pydantic.BaseModel (v2) that a field must not shadow, frozen here so the
# generated names do not depend on the installed pydantic.
_BASEMODEL_NAMES = frozenset(
    """construct copy dict from_orm json parse_file parse_obj parse_raw schema schema_json
    update_forward_refs validate""".split()
)
# Names a field must not take either: builtins and typing names (the generated modules use
# str, int, Literal, ...), HubInput's own attributes, the runtime names a model module
# imports, and the keywords of the client's generate methods.
# Frozen here (from Python 3.11's builtins and typing.__all__) so the generated names do not
# depend on the Python that runs the generator.
_BUILTINS = frozenset("""
    ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
    BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError
    ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
    DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception
    ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning
    GeneratorExit IOError ImportError ImportWarning IndentationError IndexError
    InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError
    ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError
    OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError
    RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning
    StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit
    TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError
    UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning
    ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint
    bytearray bytes callable chr classmethod compile complex copyright credits delattr dict
    dir divmod enumerate eval exec exit filter float format frozenset getattr globals
    hasattr hash help hex id input int isinstance issubclass iter len license list locals
    map max memoryview min next object oct open ord pow print property quit range repr
    reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip
    """.split())
_TYPING = frozenset("""
    AbstractSet Annotated Any AnyStr AsyncContextManager AsyncGenerator AsyncIterable
    AsyncIterator Awaitable BinaryIO ByteString Callable ChainMap ClassVar Collection
    Concatenate Container ContextManager Coroutine Counter DefaultDict Deque Dict Final
    ForwardRef FrozenSet Generator Generic Hashable IO ItemsView Iterable Iterator KeysView
    List Literal LiteralString Mapping MappingView Match MutableMapping MutableSequence
    MutableSet NamedTuple Never NewType NoReturn NotRequired Optional OrderedDict ParamSpec
    ParamSpecArgs ParamSpecKwargs Pattern Protocol Required Reversible Self Sequence Set
    Sized SupportsAbs SupportsBytes SupportsComplex SupportsFloat SupportsIndex SupportsInt
    SupportsRound TYPE_CHECKING Text TextIO Tuple Type TypeAlias TypeGuard TypeVar
    TypeVarTuple TypedDict Union Unpack ValuesView assert_never assert_type cast
    clear_overloads dataclass_transform final get_args get_origin get_overloads
    get_type_hints is_typeddict no_type_check no_type_check_decorator overload reveal_type
    runtime_checkable
    """.split())
_RESERVED = (
    _BUILTINS
    | _TYPING
    | frozenset("""to_input to_upstream self model validation timeout wait_timeout poll_interval
        input params Field HubInput HubItem Uri Rule ImageSlots ImageList annotations""".split())
)
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")


def _words(text: str) -> list[str]:
    return [w for w in _NON_WORD.split(text) if w]


def module_name(model_id: str) -> str:
    """'veo-3.1-image' -> 'veo_3_1_image'."""
    name = "_".join(_words(model_id)).lower() or "model"
    if name[0].isdigit():
        name = f"m_{name}"
    return f"{name}_" if keyword.iskeyword(name) else name


def class_name(model_id: str, suffix: str = "Input") -> str:
    """'veo-3.1-image' -> 'Veo31ImageInput'."""
    name = "".join(w[:1].upper() + w[1:] for w in _words(model_id)) or "Model"
    if name[0].isdigit():
        name = f"M{name}"
    return f"{name}{suffix}"


def attribute_name(param_name: str, *, input_field: bool = True) -> str:
    """The attribute for an upstream parameter; the upstream name becomes its alias.
    `input_field=False` (a Task field) keeps builtins and the client's keywords."""
    name = "_".join(_words(param_name))
    if not name:
        name = "field"
    if name[0].isdigit():
        name = f"f_{name}"
    if (
        keyword.iskeyword(name)
        or name in _BASEMODEL_NAMES
        or (input_field and name in _RESERVED)
        or name.startswith("_")
    ):
        name = f"{name}_"
    if name.startswith(("model_", "hub_")):
        # pydantic reserves every name that starts like its own (model_dump_ still warns),
        # and HubInput's class data is hub_*: a prefix moves the name out of both.
        name = f"f_{name}"
    return name
