"""Load the declared organisational data: read, validate, merge and cross-check YAML files.

The pipeline has two phases, and each collects every problem before raising:

1. Each file is read (`yaml_source`) and validated against `Organisation`; pydantic's
   errors are translated into located diagnostics a non-programmer can act on.
2. Only when every file is valid are the files merged and checked as a whole: one
   `kommun`, unique ids, references that resolve, dates in a possible order. (Checking
   references while a file is broken would report ids that are merely in that file.)
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from compliance.data import codes
from compliance.data.dataset import DataPath, Dataset, Location, nearest
from compliance.data.model import ENTITY_KINDS, ORGANS, Organisation, Ref, Överlämnande
from compliance.data.yaml_source import (
    DEFAULT_LIMITS,
    Limits,
    YamlDocument,
    read_yaml_file,
    read_yaml_text,
)
from compliance.diagnostics import Diagnostic, InputError, Span, display_path

# The list-valued top-level collections, in model order; `kommun` is a single entity.
COLLECTIONS: tuple[str, ...] = tuple(name for name in Organisation.model_fields if name != "kommun")

# Pairs of (start, end) fields: wherever a model has both, the end may not precede the start.
DATE_ORDER: tuple[tuple[str, str], ...] = (
    ("inrättad", "upphörd"),
    ("giltigt_från", "giltigt_till"),
    ("gäller_från", "gäller_till"),
    ("inkommen", "besvarad"),
)

# How many ids or keys a help text lists before it stops.
_LIST_LIMIT = 12


def load_dataset(
    paths: Sequence[str | os.PathLike[str]], *, limits: Limits = DEFAULT_LIMITS
) -> Dataset:
    """Load and merge data files in the order given; raises `InputError` on any problem."""
    if not paths:
        raise InputError([Diagnostic(codes.NO_FILES, "no data files were given")])
    documents: list[YamlDocument] = []
    diagnostics: list[Diagnostic] = []
    seen: set[Path] = set()
    for path in paths:
        resolved = _resolved(path)
        if resolved in seen:
            shown = display_path(path)
            diagnostics.append(
                Diagnostic(
                    codes.SAME_FILE_TWICE,
                    f"`{shown}` is given more than once",
                    help="give each data file once; its entries would otherwise be duplicated",
                    file=shown,
                )
            )
            continue
        seen.add(resolved)
        try:
            documents.append(read_yaml_file(path, limits=limits))
        except InputError as error:
            diagnostics.extend(error.diagnostics)
    return _load(documents, diagnostics)


def load_dataset_text(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Load data given as text (tests, inline data in rule-pack test cases) as file `name`."""
    try:
        documents = [read_yaml_text(text, name, limits=limits)]
    except InputError as error:
        raise InputError(error.diagnostics) from None
    return _load(documents, [])


def _resolved(path: str | os.PathLike[str]) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path)


def _load(documents: list[YamlDocument], diagnostics: list[Diagnostic]) -> Dataset:
    valid: list[tuple[YamlDocument, Organisation]] = []
    for document in documents:
        diagnostics.extend(document.problems)
        organisation = _validate(document, diagnostics)
        if organisation is not None:
            valid.append((document, organisation))
    if diagnostics:
        raise InputError(diagnostics)
    merged = _merge(valid)
    problems = merged.problems + _check(merged)
    if problems:
        raise InputError(problems)
    return Dataset(
        organisation=merged.organisation,
        locations={p: Location(s.file, s.line, s.column) for p, s in merged.values.items()},
        files=[document.file for document in documents],
        digests={document.file: document.digest for document in documents},
    )


def _validate(document: YamlDocument, diagnostics: list[Diagnostic]) -> Organisation | None:
    try:
        return Organisation.model_validate(document.data)
    except ValidationError as error:
        diagnostics.extend(_translate(e, document) for e in error.errors(include_url=False))
    except Exception as error:  # a defect must still not become a traceback for the user
        diagnostics.append(
            Diagnostic(
                codes.INTERNAL,
                f"the file could not be validated because of an unexpected error "
                f"({type(error).__name__}: {error})",
                help="this is a defect in the checker; please report it together with the file",
                file=document.file,
            )
        )
    return None


# --- Talking about paths, values and types ------------------------------------------------


def _where(path: DataPath) -> str:
    """`("rapporter", 0, "överlämnad", 1)` → `rapporter[0].överlämnad[1]`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text


def _field_name(path: DataPath) -> str:
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else "value"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(f"`{name}`" for name in names[:_LIST_LIMIT])
    return shown + (", …" if len(names) > _LIST_LIMIT else "")


def _did_you_mean(word: str, options: Sequence[str]) -> str | None:
    folded = {option.casefold(): option for option in options}
    match = folded.get(word.casefold())
    if match is None:
        close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
        match = folded[close[0]] if close else None
    return f"did you mean `{match}`?" if match is not None and match != word else None


def _found(value: object, raw: str | None) -> str:
    """How a found value is described: `text \\`tolv\\``, `the number \\`0136\\``."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"the yes/no value `{raw if raw is not None else str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number `{raw if raw is not None else value}`"
    if isinstance(value, str):
        return f"text `{_short(value)}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"`{_short(str(value))}`"


def _written(value: object, raw: str | None) -> str:
    """The value as the user wrote it."""
    return _short(raw if raw is not None else str(value))


def _unwrap(annotation: Any) -> Any:
    """`Annotated[str, Ref(...)] | None` → `str`: strip optionality and metadata."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, UnionType):
            members = [arg for arg in get_args(annotation) if arg is not NoneType]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _annotation_at(path: DataPath) -> Any:
    """The type the data model expects at `path`, or None when the path leaves the model."""
    annotation: Any = Organisation
    for part in path:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            if get_origin(annotation) is not list:
                return None
            annotation = get_args(annotation)[0]
        else:
            if not _is_model(annotation):
                return None
            model_field = annotation.model_fields.get(part)
            if model_field is None:
                return None
            annotation = model_field.annotation
    return _unwrap(annotation)


def _model_at(path: DataPath) -> type[BaseModel] | None:
    annotation = _annotation_at(path)
    return annotation if _is_model(annotation) else None


# --- Translating pydantic's errors --------------------------------------------------------

_DATE_ERRORS = frozenset(
    {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
)
_NUMBER_ERRORS = frozenset({"float_type", "float_parsing", "finite_number"})
_INTEGER_ERRORS = frozenset({"int_type", "int_parsing", "int_from_float", "int_parsing_size"})
_BOOL_ERRORS = frozenset({"bool_type", "bool_parsing"})
_MAPPING_ERRORS = frozenset({"model_type", "model_attributes_type", "dict_type"})
_BOUND_WORDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


@dataclass(frozen=True)
class _Error:
    """One pydantic error with what the file says about its place."""

    kind: str
    loc: DataPath
    value: object
    raw: str | None
    context: dict[str, Any]
    message: str


def _translate(details: ErrorDetails, document: YamlDocument) -> Diagnostic:
    loc: DataPath = tuple(details["loc"])
    error = _Error(
        kind=details["type"],
        loc=loc,
        value=details.get("input"),
        raw=document.raw.get(loc),
        context=dict(details.get("ctx") or {}),
        message=details["msg"],
    )
    if error.kind == "extra_forbidden":
        code, message, help = _unknown_key(error)
        span = document.keys.get(loc) or document.span(loc)
    elif error.kind == "missing":
        code, message, help = _missing(error)
        span = document.span(loc[:-1])
    else:
        code, message, help = _wrong_value(error)
        span = document.span(loc)
    return Diagnostic(code, message, span, help, file=document.file)


_Text = tuple[str, str, str | None]  # (code, message, help)


def _unknown_key(error: _Error) -> _Text:
    key = str(error.loc[-1])
    parent = error.loc[:-1]
    model = _model_at(parent)
    allowed = list(model.model_fields) if model is not None else []
    where = f"in `{_where(parent)}`" if parent else "at the top level"
    help = _did_you_mean(key, allowed)
    if help is None and allowed:
        help = f"the keys allowed here are {_listing(allowed)}"
    return codes.UNKNOWN_KEY, f"unknown key `{key}` {where}", help


def _missing(error: _Error) -> _Text:
    name = str(error.loc[-1])
    parent = error.loc[:-1]
    model = _model_at(parent)
    required = (
        [n for n, f in model.model_fields.items() if f.is_required()] if model is not None else []
    )
    where = f" in `{_where(parent)}`" if parent else ""
    help = f"the required fields here are {_listing(required)}" if required else None
    return codes.MISSING_FIELD, f"missing required field `{name}`{where}", help


def _wrong_value(error: _Error) -> _Text:
    kind = error.kind
    if kind in _DATE_ERRORS:
        return _invalid_date(error)
    if kind in _NUMBER_ERRORS or kind in _INTEGER_ERRORS:
        return _not_a_number(error)
    if kind in _BOOL_ERRORS:
        return _expected(error, "`true` or `false`")
    if kind == "string_type":
        return _expected(error, "text", _quote_help(error))
    if kind == "list_type":
        return _expected(
            error,
            "a list (entries on lines starting with `- `)",
            "write each entry on its own line starting with `- `"
            if isinstance(error.value, dict)
            else None,
        )
    if kind in _MAPPING_ERRORS:
        return _expected(error, "a mapping (lines of `key: value`)")
    if kind == "literal_error":
        return _not_allowed(error)
    if kind == "string_too_short":
        return codes.CONSTRAINT, f"`{_field_name(error.loc)}` must not be empty", None
    if kind in _BOUND_WORDS:
        key, words = _BOUND_WORDS[kind]
        return (
            codes.CONSTRAINT,
            f"`{_field_name(error.loc)}` must be {words} {error.context.get(key)}, "
            f"found `{_written(error.value, error.raw)}`",
            None,
        )
    if kind == "value_error" and _is_period(error.loc):
        return _invalid_period(error)
    sentence = error.message.removeprefix("Value error, ")
    return (
        codes.INVALID_VALUE,
        f"invalid value for `{_field_name(error.loc)}`: {sentence[:1].lower()}{sentence[1:]}",
        None,
    )


def _expected(error: _Error, what: str, help: str | None = None) -> _Text:
    return codes.WRONG_TYPE, f"expected {what}, found {_found(error.value, error.raw)}", help


def _quote_help(error: _Error) -> str | None:
    """Explain YAML's reading of an unquoted `0136` or `yes` where text is expected."""
    if error.raw is None or error.value is None:
        return None
    kind = "yes/no value" if isinstance(error.value, bool) else "number"
    return (
        f"YAML reads the unquoted `{error.raw}` as a {kind}; put it in quotes to keep it as "
        f'text: `"{error.raw}"`'
    )


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _invalid_date(error: _Error) -> _Text:
    value = error.value
    if isinstance(value, str):
        reason = None
        if _ISO_DATE.fullmatch(value):
            try:
                date.fromisoformat(value)
            except ValueError as problem:
                reason = str(problem)
        found = f"`{_short(value)}`" + (f" ({reason})" if reason else "")
    else:
        found = _found(value, error.raw)
    help = (
        None
        if isinstance(value, str) and _ISO_DATE.fullmatch(value)
        else ("write dates as YYYY-MM-DD")
    )
    return codes.INVALID_DATE, f"expected a date such as `2025-05-31`, found {found}", help


def _not_a_number(error: _Error) -> _Text:
    whole = error.kind in _INTEGER_ERRORS
    what = "a whole number" if whole else "a number"
    help = None
    if isinstance(error.value, str) and re.fullmatch(r"-?\d+,\d+", error.value.strip()):
        help = f"use a decimal point: `{error.value.strip().replace(',', '.')}`"
    return codes.WRONG_TYPE, f"expected {what}, found {_found(error.value, error.raw)}", help


def _not_allowed(error: _Error) -> _Text:
    annotation = _annotation_at(error.loc)
    if get_origin(annotation) is Literal:
        allowed = [str(arg) for arg in get_args(annotation)]
    else:
        allowed = re.findall(r"'([^']*)'", str(error.context.get("expected", "")))
    written = _written(error.value, error.raw)
    message = (
        f"`{written}` is not a valid `{_field_name(error.loc)}`; expected one of "
        f"{_listing(allowed)}"
    )
    return codes.NOT_ALLOWED_VALUE, message, _did_you_mean(written, allowed)


def _is_period(path: DataPath) -> bool:
    annotation = _annotation_at(path)
    return isinstance(annotation, type) and annotation.__name__ == "Period"


def _invalid_period(error: _Error) -> _Text:
    text = str(error.context.get("error") or error.message.removeprefix("Value error, "))
    if not isinstance(error.value, str | int) or isinstance(error.value, bool):
        text = f"{text}; found {_found(error.value, error.raw)}"
    return codes.INVALID_PERIOD, text, None


# --- Merging ------------------------------------------------------------------------------


@dataclass
class _Merged:
    organisation: Organisation
    values: dict[DataPath, Span]
    files: list[str]
    problems: list[Diagnostic] = field(default_factory=list)

    def span(self, path: DataPath) -> Span | None:
        return nearest(self.values, path)


def _merge(parts: list[tuple[YamlDocument, Organisation]]) -> _Merged:
    lists: dict[str, list[Any]] = {}
    values: dict[DataPath, Span] = {}
    problems: list[Diagnostic] = []
    kommun: tuple[Any, Span | None] | None = None
    for document, organisation in parts:
        offsets = {name: len(lists.get(name, [])) for name in COLLECTIONS}
        for path, span in document.values.items():
            # The first file to mention a non-indexed path keeps it (the top level, `kommun`).
            values.setdefault(_shifted(path, offsets), span)
        for name in COLLECTIONS:
            items = getattr(organisation, name)
            if items is not None:
                lists.setdefault(name, []).extend(items)
        if organisation.kommun is None:
            continue
        where = document.keys.get(("kommun",))
        if kommun is None:
            kommun = (organisation.kommun, where)
        else:
            problems.append(_kommun_twice(document, where, kommun[1]))
    files = [document.file for document, _ in parts]
    if kommun is None and parts:
        problems.append(
            Diagnostic(
                codes.KOMMUN_MISSING,
                "no data file declares `kommun:`",
                help="add `kommun:` with its `id` and `namn` to one of the files",
                file=files[0],
            )
        )
    organisation = Organisation.model_validate({"kommun": kommun[0] if kommun else None, **lists})
    return _Merged(organisation, values, files, problems)


def _shifted(path: DataPath, offsets: dict[str, int]) -> DataPath:
    """A file's path as a path into the merged lists."""
    if len(path) >= 2 and isinstance(path[1], int) and path[0] in offsets:
        return (path[0], path[1] + offsets[str(path[0])], *path[2:])
    return path


def _kommun_twice(document: YamlDocument, where: Span | None, first: Span | None) -> Diagnostic:
    return Diagnostic(
        codes.KOMMUN_TWICE,
        "`kommun` is declared more than once; it is already declared "
        + _place(first, where.file if where else document.file),
        where,
        "declare the kommun in one file only",
        file=document.file,
    )


def _place(span: Span | None, here: str) -> str:
    """`on line 3`, or `in \\`a.yaml\\` on line 3` when that is another file."""
    if span is None:
        return "elsewhere"
    if span.file == here:
        return f"on line {span.line}"
    return f"in `{span.file}` on line {span.line}"


# --- Checks across the merged data --------------------------------------------------------


def _check(merged: _Merged) -> list[Diagnostic]:
    ids, problems = _collect_ids(merged)
    for path, model in _walk_models(merged.organisation, ()):
        problems.extend(_check_references(merged, ids, path, model))
        problems.extend(_check_dates(merged, path, model))
        if isinstance(model, Överlämnande):
            problems.extend(_check_recipient(merged, ids, path, model))
    return problems


def _error_at(
    merged: _Merged, path: DataPath, code: str, message: str, help: str | None
) -> Diagnostic:
    span = merged.span(path)
    return Diagnostic(code, message, span, help, file=span.file if span else None)


def _collect_ids(merged: _Merged) -> tuple[dict[str, dict[str, DataPath]], list[Diagnostic]]:
    """The ids of each declared collection (first occurrence) and the duplicates."""
    ids: dict[str, dict[str, DataPath]] = {}
    problems: list[Diagnostic] = []
    for name in COLLECTIONS:
        items = getattr(merged.organisation, name)
        if items is None:
            continue
        seen = ids.setdefault(name, {})
        for index, item in enumerate(items):
            identifier = getattr(item, "id", None)
            if not isinstance(identifier, str):
                continue
            path: DataPath = (name, index, "id")
            if identifier in seen:
                here = merged.span(path)
                first = _place(merged.span(seen[identifier]), here.file if here else "")
                problems.append(
                    _error_at(
                        merged,
                        path,
                        codes.DUPLICATE_ID,
                        f"duplicate id `{identifier}` in `{name}`; it is already used {first}",
                        "ids must be unique within a collection",
                    )
                )
            else:
                seen[identifier] = path
    return ids, problems


def _walk_models(value: object, path: DataPath) -> Iterator[tuple[DataPath, BaseModel]]:
    """Every model instance in the data with its path, parents before children."""
    if isinstance(value, BaseModel):
        yield path, value
        for name in type(value).model_fields:
            yield from _walk_models(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_models(item, (*path, index))


def _find_ref(annotation: Any) -> Ref | None:
    """The `Ref` marking an annotation, looking through `| None`, `Annotated` and `list`."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        for item in metadata:
            if isinstance(item, Ref):
                return item
        return _find_ref(base)
    if origin in (Union, UnionType, list):
        for arg in get_args(annotation):
            found = _find_ref(arg)
            if found is not None:
                return found
    return None


def _field_ref(model_field: FieldInfo) -> Ref | None:
    # pydantic moves a field's top-level `Annotated` metadata into `metadata`.
    for item in model_field.metadata:
        if isinstance(item, Ref):
            return item
    return _find_ref(model_field.annotation)


def _check_references(
    merged: _Merged, ids: dict[str, dict[str, DataPath]], path: DataPath, model: BaseModel
) -> Iterator[Diagnostic]:
    for name, model_field in type(model).model_fields.items():
        ref = _field_ref(model_field)
        value = getattr(model, name)
        if ref is None or value is None:
            continue
        targets = (
            [((*path, name, i), v) for i, v in enumerate(value)]
            if isinstance(value, list)
            else [((*path, name), value)]
        )
        for target_path, identifier in targets:
            known = ids.get(ref.collection)
            if known is None or identifier not in known:
                yield _unknown_reference(merged, target_path, ref.collection, identifier, known)


def _unknown_reference(
    merged: _Merged,
    path: DataPath,
    collection: str,
    identifier: str,
    known: dict[str, DataPath] | None,
) -> Diagnostic:
    kind = ENTITY_KINDS.get(collection, collection)
    if known is None:
        help: str | None = f"no data file declares `{collection}:`"
    elif not known:
        help = f"`{collection}` is declared as an empty list"
    else:
        help = _did_you_mean(identifier, list(known)) or (
            f"the ids in `{collection}` are {_listing(sorted(known))}"
        )
    return _error_at(
        merged,
        path,
        codes.UNKNOWN_REFERENCE,
        f"unknown {kind} `{identifier}`: no entry in `{collection}` has this id",
        help,
    )


def _check_recipient(
    merged: _Merged, ids: dict[str, dict[str, DataPath]], path: DataPath, model: Överlämnande
) -> Iterator[Diagnostic]:
    nämnder = list(ids.get("nämnder", {}))
    if model.till in nämnder or model.till in ORGANS:
        return
    help = _did_you_mean(model.till, [*nämnder, *ORGANS])
    yield _error_at(
        merged,
        (*path, "till"),
        codes.UNKNOWN_RECIPIENT,
        f"unknown recipient `{model.till}`: `till` must be the id of a nämnd or one of "
        f"{_listing(ORGANS)}",
        help,
    )


def _check_dates(merged: _Merged, path: DataPath, model: BaseModel) -> Iterator[Diagnostic]:
    fields = type(model).model_fields
    for start_name, end_name in DATE_ORDER:
        if start_name not in fields or end_name not in fields:
            continue
        start, end = getattr(model, start_name), getattr(model, end_name)
        if not isinstance(start, date) or not isinstance(end, date) or end >= start:
            continue
        message = (
            f"impossible dates: `{end_name}` ({end.isoformat()}) is before "
            f"`{start_name}` ({start.isoformat()})"
        )
        if end_name == "besvarad":
            message += "; a synpunkt cannot be answered before it has come in"
        yield _error_at(
            merged,
            (*path, end_name),
            codes.IMPOSSIBLE_DATES,
            message,
            f"check both dates; `{start_name}` is given {_start_place(merged, path, start_name)}",
        )


def _start_place(merged: _Merged, path: DataPath, start_name: str) -> str:
    start = merged.values.get((*path, start_name))
    end = merged.span(path)
    return _place(start, end.file if end else "")
