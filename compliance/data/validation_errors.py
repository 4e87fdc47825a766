"""Translate pydantic's validation errors into diagnostics a non-programmer can act on.

Each error is placed at the key or value it is about, using the spans the file was read
with, and says what was expected and what was found, in the words of the file: the value as
written (`0136`, not 94), the allowed keys or values, and a "did you mean" where one fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from compliance.data import codes
from compliance.data.dataset import DataPath
from compliance.data.model import Organisation
from compliance.data.wording import did_you_mean, listing, short
from compliance.data.yaml_source import YamlDocument
from compliance.diagnostics import Diagnostic

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


def _found(value: object, raw: str | None) -> str:
    """How a found value is described: `text \\`tolv\\``, `the number \\`0136\\``."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"the yes/no value `{raw if raw is not None else str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number `{raw if raw is not None else value}`"
    if isinstance(value, str):
        return f"text `{short(value)}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"`{short(str(value))}`"


def _written(value: object, raw: str | None) -> str:
    """The value as the user wrote it."""
    return short(raw if raw is not None else str(value))


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


def translate(details: ErrorDetails, document: YamlDocument) -> Diagnostic:
    """One pydantic error about `document` as a located diagnostic."""
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
    help = did_you_mean(key, allowed)
    if help is None and allowed:
        help = f"the keys allowed here are {listing(allowed)}"
    return codes.UNKNOWN_KEY, f"unknown key `{key}` {where}", help


def _missing(error: _Error) -> _Text:
    name = str(error.loc[-1])
    parent = error.loc[:-1]
    model = _model_at(parent)
    required = (
        [n for n, f in model.model_fields.items() if f.is_required()] if model is not None else []
    )
    where = f" in `{_where(parent)}`" if parent else ""
    help = f"the required fields here are {listing(required)}" if required else None
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
        found = f"`{short(value)}`" + (f" ({reason})" if reason else "")
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
        f"`{written}` is not a valid `{_field_name(error.loc)}`; expected one of {listing(allowed)}"
    )
    return codes.NOT_ALLOWED_VALUE, message, did_you_mean(written, allowed)


def _is_period(path: DataPath) -> bool:
    annotation = _annotation_at(path)
    return isinstance(annotation, type) and annotation.__name__ == "Period"


def _invalid_period(error: _Error) -> _Text:
    text = str(error.context.get("error") or error.message.removeprefix("Value error, "))
    if not isinstance(error.value, str | int) or isinstance(error.value, bool):
        text = f"{text}; found {_found(error.value, error.raw)}"
    return codes.INVALID_PERIOD, text, None
