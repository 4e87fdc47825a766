"""Read one YAML data file into plain Python values and the position of every value.

Auditors edit these files by hand, so everything that can go wrong in a file must become a
located `Diagnostic`, never a traceback. PyYAML is used only up to its node graph (the safe
composer); the conversion to Python values is done here so that

- every mapping value and sequence item gets its position (`values`), and every mapping
  key its own (`keys`), keyed by `DataPath`;
- duplicate keys, which PyYAML silently accepts, are reported;
- dates stay text (no implicit timestamps): pydantic parses them, so `2025-02-30` becomes a
  located validation error rather than a crash;
- size, depth and alias expansion are bounded, so a hostile or broken file cannot exhaust
  memory ("billion laughs").

Nothing is ever constructed from a tag: only text, numbers, yes/no, null, lists and
mappings come out of a file.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.error import Mark
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from compliance.data import codes
from compliance.data.dataset import DataPath, nearest
from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span, display_path

# The loader's limits, in one place. They are far above any real kommun's data and only
# stop files that would make the checker hang or run out of memory.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 10_000
MAX_NODES = 1_000_000


@dataclass(frozen=True)
class Limits:
    """The limits one read uses; tests pass smaller ones instead of writing huge files."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_depth: int = MAX_DEPTH
    max_aliases: int = MAX_ALIASES
    max_nodes: int = MAX_NODES


DEFAULT_LIMITS = Limits()

_TAG = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT = (_TAG + t for t in ("null", "bool", "int", "float"))
_SEQ, _MAP, _MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"
# Kept as the text written: dates are parsed by pydantic; `value`/`yaml` are YAML 1.1
# oddities the resolver assigns to a bare `=`, `!`, `&` or `*`.
_TEXT_TAGS = frozenset(_TAG + t for t in ("str", "timestamp", "value", "yaml", "merge"))
_YAML_EXTENSIONS = (".yaml", ".yml")
# SafeLoader's implicit resolvers without the timestamp one: `2025-05-31` stays text.
_RESOLVERS: dict[Any, Any] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TAG + "timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDocument:
    """One data file as plain values, with the span of every value and key in it."""

    file: str
    data: dict[str, Any]
    # The span of each value; `()` is the top-level mapping.
    values: dict[DataPath, Span]
    # The span of the key of each mapping entry, keyed by the entry's path.
    keys: dict[DataPath, Span]
    # The written text of unquoted scalars YAML read as something other than text
    # (`0136` is the number 94, `yes` is true): error messages quote what the user wrote.
    raw: dict[DataPath, str]
    digest: str
    # Problems that do not stop validation of the file (duplicate keys).
    problems: tuple[Diagnostic, ...] = ()

    def span(self, path: DataPath) -> Span | None:
        """The span of `path`, or of its nearest ancestor that was written in the file."""
        return nearest(self.values, path)


class AliasNode(Node):
    """An alias (`*name`) kept in the node graph so that its own position is known."""

    def __init__(self, target: Node, start_mark: Mark, end_mark: Mark) -> None:
        super().__init__("alias", target, start_mark, end_mark)
        self.target = target


class _Refused(Exception):
    """A problem that stops reading the file, found while composing or measuring it."""

    def __init__(self, code: str, message: str, mark: Mark | None, help: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark
        self.help = help

    def diagnostic(self, file: str) -> Diagnostic:
        span = _point(file, self.mark) if self.mark is not None else None
        return Diagnostic(self.code, self.message, span, self.help, file=file)


class _Loader(yaml.SafeLoader):
    """SafeLoader's scanner, parser and composer, without timestamps and with limits."""

    def __init__(self, text: str, limits: Limits) -> None:
        super().__init__(text)
        self.yaml_implicit_resolvers = _RESOLVERS
        self.limits = limits
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # Counted here, before the composer recurses: a deeply nested file would otherwise
        # end in a RecursionError, and alias counting must not wait for expansion.
        if self.check_event(AliasEvent):
            event = _peek(self)
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise _Refused(
                    codes.ALIAS_LIMIT,
                    f"the file uses more than {self.limits.max_aliases:,} aliases (`*name`); "
                    "it is refused",
                    event.start_mark,
                    "write the values out instead of repeating them with anchors and aliases",
                )
            target = super().compose_node(parent, index)
            if target is None:  # pragma: no cover - the composer always returns a node
                return None
            return AliasNode(target, event.start_mark, event.end_mark)
        nested = self.check_event(SequenceStartEvent, MappingStartEvent)
        if nested:
            self.depth += 1
            if self.depth > self.limits.max_depth:
                raise _too_deep(self.limits, _peek(self).start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self.depth -= 1


# PyYAML's stubs leave the event API untyped; these two keep `Any` from spreading.
def _peek(loader: yaml.SafeLoader) -> Any:
    return loader.peek_event()  # type: ignore[no-untyped-call]


def _next(loader: yaml.SafeLoader) -> Any:
    return loader.get_event()  # type: ignore[no-untyped-call]


def _too_deep(limits: Limits, mark: Mark | None) -> _Refused:
    return _Refused(
        codes.TOO_DEEP,
        f"lists and mappings are nested more than {limits.max_depth} levels deep here; "
        "the file is refused",
        mark,
        "data files need only a few levels: check the indentation",
    )


# --- Reading bytes ------------------------------------------------------------------------


def read_yaml_file(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> YamlDocument:
    """Read and parse one data file; raises `InputError` with located diagnostics."""
    shown = display_path(path)
    try:
        data = _read_bytes(Path(path), shown, limits)
        return parse_yaml_bytes(data, shown, limits=limits)
    except InputError:
        raise
    except Exception as error:  # bad input must never end in a traceback
        raise InputError([_internal(shown, error)]) from error


def read_yaml_text(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse data given as text (inline test data); `name` is used as the file name."""
    try:
        encoded = text.encode("utf-8", "surrogatepass")
        _check_size(len(encoded), name, limits)
        _check_not_binary(encoded, name)
        return _parse(text.removeprefix("\ufeff"), name, _digest(encoded), limits)
    except InputError:
        raise
    except Exception as error:  # bad input must never end in a traceback
        raise InputError([_internal(name, error)]) from error


def parse_yaml_bytes(data: bytes, file: str, *, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse the bytes of a data file already read; `file` is its display path."""
    _check_size(len(data), file, limits)
    _check_not_binary(data, file)
    text = _decode(data, file)
    return _parse(text, file, _digest(data), limits)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fail(code: str, message: str, file: str, help: str | None = None) -> NoReturn:
    raise InputError([Diagnostic(code, message, None, help, file=file)])


def _read_bytes(path: Path, shown: str, limits: Limits) -> bytes:
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        _fail(codes.FILE_NOT_FOUND, f"no such file: `{shown}`", shown, _similar_file(path))
    except OSError as error:
        _fail(codes.UNREADABLE, f"cannot read `{shown}`: {_reason(error)}", shown)
    if stat.S_ISDIR(info.st_mode):
        _fail(
            codes.IS_DIRECTORY,
            f"`{shown}` is a directory, not a data file",
            shown,
            f"give the YAML files in it, for example `{shown.rstrip('/')}/*.yaml`",
        )
    if not stat.S_ISREG(info.st_mode):
        _fail(codes.UNREADABLE, f"cannot read `{shown}`: it is not a regular file", shown)
    _check_size(info.st_size, shown, limits)
    try:
        # Read-only, and never more than the limit even if the file grows meanwhile.
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        _fail(codes.UNREADABLE, f"cannot read `{shown}`: {_reason(error)}", shown)
    return data


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _similar_file(path: Path) -> str | None:
    """Help for a missing file: a YAML file with a similar name next to it."""
    parent = path.parent
    try:
        names = [n for n in os.listdir(parent) if n.lower().endswith(_YAML_EXTENSIONS)]
    except OSError:
        return f"the directory `{display_path(parent)}` does not exist either"
    match = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    if match:
        return f"did you mean `{display_path(parent / match[0])}`?"
    return None


def _check_size(size: int, file: str, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        _fail(
            codes.TOO_LARGE,
            f"the file is larger than {_mebibytes(limits.max_file_bytes)}; it is refused",
            file,
            "split the data into several files",
        )


def _mebibytes(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    return f"{size:,} bytes"


def _check_not_binary(data: bytes, file: str) -> None:
    # UTF-16 and UTF-32 text is full of NUL bytes too; say what it is rather than "binary".
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            _fail(
                codes.NOT_UTF8,
                f"the file is {name} text, not UTF-8",
                file,
                "save the file as UTF-8",
            )
    if b"\x00" in data:
        _fail(
            codes.BINARY,
            "the file is not a text file: it contains NUL bytes (is it a spreadsheet, "
            "a PDF or a Word file?)",
            file,
            "data files are YAML text saved as UTF-8",
        )


def _decode(data: bytes, file: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Show the file anyway, so the caret can point at the offending character.
        SOURCES.add(file, data.decode("utf-8", "replace").removeprefix("\ufeff"))
        line, column = _line_column(data[: error.start].decode("utf-8", "replace"))
        raise InputError(
            [
                Diagnostic(
                    codes.NOT_UTF8,
                    f"the file is not valid UTF-8 text: byte 0x{data[error.start]:02x} "
                    "cannot be read",
                    Span.point(file, line, column),
                    "save the file as UTF-8; files saved as Windows-1252 or Latin-1 store "
                    "å, ä and ö differently",
                    file=file,
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _line_column(prefix: str) -> tuple[int, int]:
    """The 1-based line and column just after `prefix`."""
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _internal(file: str, error: Exception) -> Diagnostic:
    return Diagnostic(
        codes.INTERNAL,
        f"the file could not be read because of an unexpected error "
        f"({type(error).__name__}: {error})",
        None,
        "this is a defect in the checker; please report it together with the file",
        file=file,
    )


# --- Parsing ------------------------------------------------------------------------------


def _parse(text: str, file: str, digest: str, limits: Limits) -> YamlDocument:
    SOURCES.add(file, text)
    root = _compose(text, file, limits)
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL and root.value == ""):
        _fail(
            codes.EMPTY,
            "the file is empty; expected a mapping with `kommun:` or a collection such as "
            "`nämnder:`",
            file,
        )
    if not isinstance(root, MappingNode):
        raise InputError([_not_a_mapping(root, file)])
    builder = _Builder(file, limits)
    try:
        builder.measure(root, 0, root)
    except _Refused as refused:
        raise InputError([refused.diagnostic(file)]) from None
    data = builder.mapping(root, ())
    if builder.errors:
        raise InputError(builder.errors + builder.problems)
    return YamlDocument(
        file=file,
        data=data,
        values=builder.values,
        keys=builder.keys,
        raw=builder.raw,
        digest=digest,
        problems=tuple(builder.problems),
    )


def _compose(text: str, file: str, limits: Limits) -> Node | None:
    """The node graph of the file's single document (None when there is none)."""
    try:
        # The reader checks the whole text for control characters when it is created.
        loader = _Loader(text, limits)
    except ReaderError as error:
        raise InputError([_reader_diagnostic(error, file, text)]) from None
    try:
        _next(loader)  # the stream start
        if loader.check_event(StreamEndEvent):
            return None
        root = loader.compose_document()
        if not loader.check_event(StreamEndEvent):
            raise _Refused(
                codes.MULTIPLE_DOCUMENTS,
                "the file contains more than one YAML document; a second one starts here",
                _peek(loader).start_mark,
                "remove the `---` line, or split the documents into separate files",
            )
        return root
    except _Refused as refused:
        raise InputError([refused.diagnostic(file)]) from None
    except yaml.MarkedYAMLError as error:
        raise InputError([_syntax_diagnostic(error, file, text)]) from None
    except ReaderError as error:
        raise InputError([_reader_diagnostic(error, file, text)]) from None
    except yaml.YAMLError as error:
        _fail(codes.YAML_SYNTAX, f"the file is not valid YAML: {error}", file)
    except RecursionError:
        # Not reachable with the depth limit in place; kept so no traceback can escape.
        _fail(codes.TOO_DEEP, "lists and mappings are nested too deeply", file)
    finally:
        loader.dispose()


def _not_a_mapping(root: Node, file: str) -> Diagnostic:
    if isinstance(root, SequenceNode):
        found = "a list"
        help = (
            "a data file starts with collection names, e.g. `nämnder:`, with the list "
            "indented under it"
        )
    else:
        found = f"the single value `{_short(str(root.value))}`"
        help = "a data file starts with `kommun:` or collection names such as `nämnder:`"
    return Diagnostic(
        codes.NOT_A_MAPPING,
        f"the top level of a data file must be a mapping (`kommun:`, `nämnder:` …), found {found}",
        _node_span(file, root),
        help,
        file=file,
    )


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Positions ----------------------------------------------------------------------------


def _point(file: str, mark: Mark) -> Span:
    return Span.point(file, mark.line + 1, mark.column + 1)


def _node_span(file: str, node: Node) -> Span:
    start: Mark = node.start_mark
    end: Mark | None = node.end_mark
    if end is None or end.index <= start.index:
        return _point(file, start)
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


# --- From nodes to values -----------------------------------------------------------------


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _target(node: Node) -> Node:
    return node.target if isinstance(node, AliasNode) else node


class _Builder:
    """Turns a checked node graph into plain values, recording every position."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.values: dict[DataPath, Span] = {}
        self.keys: dict[DataPath, Span] = {}
        self.raw: dict[DataPath, str] = {}
        self.errors: list[Diagnostic] = []
        self.problems: list[Diagnostic] = []
        # Construction of YAML 1.1 ints, floats and bools is borrowed from SafeConstructor.
        self.constructor = yaml.SafeLoader("")
        self._sizes: dict[int, tuple[int, int]] = {}
        self._active: set[int] = set()

    # Aliases make the node graph a DAG (or, with `&a [*a]`, a cycle). Before anything is
    # expanded, its expanded size and nesting are computed once per node, so a "billion
    # laughs" file is refused in milliseconds instead of being expanded.
    def measure(self, node: Node, depth: int, via: Node) -> tuple[int, int]:
        """(values, nesting) of `node` once expanded; `via` is where a problem is shown."""
        if isinstance(node, AliasNode):
            if id(node.target) in self._active:
                raise _Refused(
                    codes.ALIAS_LIMIT,
                    "this alias refers to a value that contains the alias itself",
                    node.start_mark,
                    "an alias (`*name`) may only refer to an anchor (`&name`) it is not part of",
                )
            return self.measure(node.target, depth, node)
        known = self._sizes.get(id(node))
        if known is not None:
            if depth + known[1] > self.limits.max_depth:
                raise _too_deep(self.limits, via.start_mark)
            return known
        if not isinstance(node, SequenceNode | MappingNode):
            known = (1, 0)
        else:
            if depth + 1 > self.limits.max_depth:
                raise _too_deep(self.limits, via.start_mark)
            self._active.add(id(node))
            count, height = 1, 0
            for child in _children(node):
                size, nesting = self.measure(child, depth + 1, child)
                count += size
                height = max(height, nesting)
                if count > self.limits.max_nodes:
                    raise self._bomb(via)
            self._active.discard(id(node))
            known = (count, height + 1)
        self._sizes[id(node)] = known
        return known

    def _bomb(self, via: Node) -> _Refused:
        return _Refused(
            codes.ALIAS_LIMIT,
            f"expanding the aliases (`*name`) would give the file more than "
            f"{self.limits.max_nodes:,} values; it is refused",
            via.start_mark,
            "write the values out instead of repeating large anchored blocks",
        )

    def value(self, node: Node, path: DataPath) -> Any:
        self.values[path] = _node_span(self.file, node)
        node = _target(node)
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self._unsupported_tag(node)
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._unsupported_tag(node)
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        self.values.setdefault(path, _node_span(self.file, node))
        result: dict[str, Any] = {}
        # Merged entries (`<<: *defaults`) come first so that explicit keys override both
        # their values and their recorded positions.
        for key_node, value_node in node.value:
            if _target(key_node).tag == _MERGE:
                for merged_key, merged_value in self._merged(value_node, path).items():
                    result.setdefault(merged_key, merged_value)
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if _target(key_node).tag == _MERGE:
                continue
            key = self._key(key_node)
            if key is None:
                continue
            if key in first:
                self._duplicate(key, first[key], key_node)
                continue
            first[key] = key_node
            self.keys[(*path, key)] = _node_span(self.file, key_node)
            result[key] = self.value(value_node, (*path, key))
        return result

    def _merged(self, node: Node, path: DataPath) -> dict[str, Any]:
        """The entries a `<<:` merge key brings in; earlier sources win, as in YAML 1.1."""
        target = _target(node)
        sources = target.value if isinstance(target, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            mapping = _target(source)
            if not isinstance(mapping, MappingNode):
                self.errors.append(
                    self._error(
                        codes.UNSUPPORTED_YAML,
                        "`<<` must be followed by an alias to a mapping, such as `<<: *name`",
                        source,
                    )
                )
                continue
            for key, value in self.mapping(mapping, path).items():
                merged.setdefault(key, value)
        return merged

    def _key(self, node: Node) -> str | None:
        target = _target(node)
        if isinstance(target, ScalarNode):
            # The text as written: keys are names, so `yes:` is the key "yes", not True.
            return str(target.value)
        self.errors.append(
            self._error(
                codes.UNSUPPORTED_YAML,
                "a key must be a name, not a list or a mapping",
                node,
            )
        )
        return None

    def _duplicate(self, key: str, first: Node, second: Node) -> None:
        self.problems.append(
            self._error(
                codes.DUPLICATE_KEY,
                f"duplicate key `{key}`; it is already given on line {first.start_mark.line + 1}",
                second,
                "remove one of them; YAML would otherwise silently keep only the last",
            )
        )

    def scalar(self, node: Node, path: DataPath) -> Any:
        tag = node.tag
        text = str(node.value)
        if tag in _TEXT_TAGS:
            return text
        constructors = {
            _NULL: self.constructor.construct_yaml_null,
            _BOOL: self.constructor.construct_yaml_bool,
            _INT: self.constructor.construct_yaml_int,
            _FLOAT: self.constructor.construct_yaml_float,
        }
        construct = constructors.get(tag)
        if construct is None or not isinstance(node, ScalarNode):
            self._unsupported_tag(node)
            return text
        try:
            value = construct(node)
        except (ValueError, KeyError, TypeError):
            self.errors.append(
                self._error(
                    codes.UNSUPPORTED_YAML,
                    f"`{_short(text)}` is not a valid `{_short_tag(tag)}` value",
                    node,
                )
            )
            return text
        self.raw[path] = text
        return value

    def _unsupported_tag(self, node: Node) -> None:
        self.errors.append(
            self._error(
                codes.UNSUPPORTED_YAML,
                f"the YAML tag `{_short_tag(node.tag)}` is not supported in data files",
                node,
                "remove the tag; data files use only text, numbers, yes/no, lists and mappings",
            )
        )

    def _error(self, code: str, message: str, node: Node, help: str | None = None) -> Diagnostic:
        return Diagnostic(code, message, _node_span(self.file, node), help, file=self.file)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


# --- Syntax errors ------------------------------------------------------------------------

# PyYAML's names for tokens, in words an editor of the file recognises.
_TOKENS: dict[str, str] = {
    "'<block end>'": "the end of the indented block",
    "<block end>": "the end of the indented block",
    "'<block mapping start>'": "a new key",
    "'<block sequence start>'": "a list item `-`",
    "'<scalar>'": "a value",
    "'<document start>'": "`---`",
    "'<document end>'": "`...`",
    "'<stream end>'": "the end of the file",
    "'<alias>'": "an alias `*`",
    "'<anchor>'": "an anchor `&`",
    "'<tag>'": "a tag `!`",
    "'?'": "a `?` key",
    "'-'": "a list item `-`",
    "':'": "`:`",
    "','": "`,`",
    "'['": "`[`",
    "']'": "`]`",
    "'{'": "`{`",
    "'}'": "`}`",
}


def _words(text: str) -> str:
    for token, words in _TOKENS.items():
        text = text.replace(token, words)
    return text


def _syntax_diagnostic(error: yaml.MarkedYAMLError, file: str, text: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    code, message, help, mark = _explain(error, mark, text)
    span = _point(file, mark) if mark is not None else None
    return Diagnostic(code, message, span, help, file=file)


def _char_at(text: str, mark: Mark | None) -> str:
    if mark is None or not 0 <= mark.index < len(text):
        return ""
    return text[mark.index]


def _explain(
    error: yaml.MarkedYAMLError, mark: Mark | None, text: str
) -> tuple[str, str, str | None, Mark | None]:
    """(code, message, help, where) for a PyYAML error, in one lower-case sentence."""
    problem = error.problem or ""
    context = error.context or ""
    if "'\\t'" in problem or _char_at(text, mark) == "\t":
        return (
            codes.TAB,
            "a tab character is used here; YAML indentation and separation must use spaces",
            "replace the tab with spaces",
            mark,
        )
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = _char_at(text, mark) or problem.split("'")[1]
        shown = "a backtick (`)" if char == "`" else f"`{char}`"
        return (
            codes.YAML_SYNTAX,
            f"a value cannot start with {shown}",
            f'put the value in quotes, e.g. `"{char}…"`',
            mark,
        )
    if problem == "mapping values are not allowed here":
        return (
            codes.YAML_SYNTAX,
            "unexpected `:` here",
            'a value containing `: ` must be put in quotes (`titel: "Plan: 2025"`); '
            "otherwise check that the line above has a `:` and the indentation is right",
            mark,
        )
    if problem == "could not find expected ':'":
        return (
            codes.YAML_SYNTAX,
            "expected `key: value`, but this line has no `:`",
            "add the `:`, or put a value that runs over several lines in quotes",
            error.context_mark or mark,
        )
    if problem.startswith(("expected <block end>, but found", "expected '<document start>'")):
        return (
            codes.YAML_SYNTAX,
            "the indentation of this line does not match the lines above it",
            "entries at the same level must start in the same column",
            mark,
        )
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return (
            codes.YAML_SYNTAX,
            "a quoted text starts here but its closing quote is missing",
            "add the closing quote",
            error.context_mark or mark,
        )
    if problem.startswith(("found unknown escape character", "expected escape sequence")):
        return (
            codes.YAML_SYNTAX,
            "a backslash `\\` in a double-quoted text starts an escape sequence, and this one "
            "is not valid",
            "write `\\\\` for a backslash, or use single quotes: `'C:\\Mappar'`",
            mark,
        )
    if problem.startswith("expected ',' or ']'") or problem.startswith("expected ',' or '}'"):
        closing = "]" if "]" in problem else "}"
        opened = error.context_mark.line + 1 if error.context_mark else "?"
        return (
            codes.YAML_SYNTAX,
            f"expected `,` or `{closing}` here: the `{'[' if closing == ']' else '{'}` "
            f"on line {opened} is not closed",
            None,
            mark,
        )
    if problem.startswith("found undefined alias"):
        name = problem.split("'")[1]
        return (
            codes.YAML_SYNTAX,
            f"the alias `*{name}` has no anchor `&{name}` before it",
            None,
            mark,
        )
    if context.startswith("found duplicate anchor"):
        name = context.split("'")[1]
        first = error.context_mark.line + 1 if error.context_mark else "?"
        return (
            codes.YAML_SYNTAX,
            f"the anchor `&{name}` is already defined on line {first}",
            "give each anchor a different name",
            mark,
        )
    if problem == "sequence entries are not allowed here":
        return (
            codes.YAML_SYNTAX,
            "a list item `-` is not allowed here",
            "start the list on the line after the key, indented under it",
            mark,
        )
    starter = _starter(error, context, text)
    if starter is not None:
        return starter
    if problem.startswith("expected the node content, but found"):
        found = _words(problem.rsplit("found ", 1)[1])
        return (
            codes.YAML_SYNTAX,
            f"expected a value here, found {found}",
            "put a value that starts with a punctuation character in quotes",
            mark,
        )
    sentence = _words(problem or context or "invalid YAML")
    if context and problem:
        sentence = f"{_words(context)}: {sentence}"
    return codes.YAML_SYNTAX, sentence[:1].lower() + sentence[1:], None, mark


# YAML gives these characters a meaning at the start of a value; as text they need quotes.
_STARTERS: dict[str, tuple[str, str]] = {
    "while scanning an anchor": ("&", "an anchor name"),
    "while scanning an alias": ("*", "an alias name"),
    "while scanning a block scalar": ("|` or `>", "a multi-line text"),
    "while scanning a directive": ("%", "a YAML directive"),
    "while scanning a tag": ("!", "a YAML tag"),
    "while parsing a tag": ("!", "a YAML tag"),
}


def _starter(
    error: yaml.MarkedYAMLError, context: str, text: str
) -> tuple[str, str, str | None, Mark | None] | None:
    """A value starting with `&`, `*`, `|`, `>`, `%` or `!` that YAML read as syntax."""
    if context not in _STARTERS:
        return None
    char, meaning = _STARTERS[context]
    return (
        codes.YAML_SYNTAX,
        f"`{char}` at the start of a value begins {meaning}, and what follows is not valid "
        "for that",
        "if this is meant as text, put the whole value in quotes",
        error.context_mark or error.problem_mark,
    )


def _reader_diagnostic(error: ReaderError, file: str, text: str) -> Diagnostic:
    line, column = _line_column(text[: max(int(error.position), 0)])
    char = error.character
    code_point = ord(char) if isinstance(char, str) else int(char)
    return Diagnostic(
        codes.YAML_SYNTAX,
        f"the control character U+{code_point:04X} is not allowed in a YAML file",
        Span.point(file, line, column),
        "remove it; such characters are often invisible, so retype the line",
        file=file,
    )
