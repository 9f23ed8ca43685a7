"""Schema validation of Bot API calls against the official machine-readable spec.

The spec lives beside the repository on dev/CI machines only (never copied in),
so everything here degrades to "no schema checks" when the file is absent.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .params import ApiError, Upload, bad_request

_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_DISCRIMINATOR = re.compile(r"(?:must be|always) [“\"]?([a-z_]+)")
_DISCRIMINATOR_FIELDS = ("type", "status", "source")
_PRIMITIVES = ("Integer", "Float", "Boolean", "String", "True")
_ARRAY = "Array of "


def _repo_root() -> Path:
    """The checkout holding this file: the nearest parent with a pyproject.toml."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return here.parents[2]


SPEC_PATH: Path = _repo_root().parent / "shared" / "telegram-bot-api" / "api.min.json"


def load_spec(path: Path | None = None) -> Spec | None:
    """The spec at `path` (default SPEC_PATH, read at call time so tests can patch it)."""
    target = Path(path) if path is not None else SPEC_PATH
    return _load_cached(str(target)) if target.is_file() else None


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Spec:
    return Spec(json.loads(Path(path).read_text(encoding="utf-8")))


class Spec:
    """Method signatures and type definitions, checked the way Telegram parses them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = str(data.get("version", "?"))
        self.methods: dict[str, dict[str, dict[str, Any]]] = {
            name: {f["name"]: f for f in method.get("fields", [])}
            for name, method in data["methods"].items()
        }
        self.types: dict[str, dict[str, Any]] = data["types"]
        self._by_lower = {name.lower(): name for name in self.methods}

    def canonical(self, method: str) -> str | None:
        """Telegram matches method names case-insensitively."""
        return self._by_lower.get(method.lower())

    def check_call(self, method: str, params: dict[str, Any]) -> None:
        """Raise a 400 for the first unknown, missing or ill-typed parameter."""
        fields = self.methods[method]
        for name in params:
            if name not in fields:
                raise bad_request(f'unexpected parameter "{name}" for method {method}')
        for name, spec_field in fields.items():
            if spec_field["required"] and name not in params:
                raise bad_request(f'parameter "{name}" is required for method {method}')
        for name, value in params.items():
            error = self.check_value(value, fields[name]["types"], name, top=True)
            if error:
                raise bad_request(error)

    def check_value(self, value: Any, types: list[str], where: str, top: bool = False) -> str | None:
        """None if `value` is any of `types`, else the most telling error."""
        errors = [self._check_one(value, expr, where, top) for expr in types]
        if any(error is None for error in errors):
            return None
        if len(errors) == 1:
            return errors[0]
        deeper = [e for e in errors if e and not e.startswith(f"{where} must be ")]
        return deeper[0] if deeper else f"{where} must be {' or '.join(types)}"

    def check_object(self, value: Any, type_name: str, where: str = "value") -> str | None:
        """Validate an already-decoded object, e.g. a response the fake server built."""
        return self._check_one(value, type_name, where, top=False)

    def _check_one(self, value: Any, expr: str, where: str, top: bool) -> str | None:
        needs_json = expr.startswith(_ARRAY) or expr not in _PRIMITIVES + ("InputFile",)
        if top and needs_json and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return f"can't parse {where}: not a JSON-serialized {expr}"
        if expr.startswith(_ARRAY):
            return self._check_array(value, expr[len(_ARRAY):], where)
        if expr in _PRIMITIVES:
            return _check_primitive(value, expr, where, top)
        if expr == "InputFile":
            return None if isinstance(value, Upload) or _is_attach(value) else f"{where} must be InputFile"
        return self._check_named(value, expr, where)

    def _check_array(self, value: Any, item_expr: str, where: str) -> str | None:
        if not isinstance(value, list):
            return f"{where} must be an Array of {item_expr}"
        for index, item in enumerate(value):
            error = self.check_value(item, [item_expr], f"{where}[{index}]")
            if error:
                return error
        return None

    def _check_named(self, value: Any, name: str, where: str) -> str | None:
        definition = self.types.get(name)
        if definition is None:
            return None  # a type this spec doesn't define: nothing to check against
        if "subtypes" in definition:
            return self._check_union(value, definition["subtypes"], name, where)
        if not isinstance(value, dict):
            return f"{where} must be a JSON object of type {name}"
        fields = {f["name"]: f for f in definition.get("fields", [])}
        for key in value:
            if key not in fields:
                return f'{where} has unexpected field "{key}" for type {name}'
        for key, spec_field in fields.items():
            if spec_field["required"] and key not in value:
                return f'{where} lacks required field "{key}" of type {name}'
        for key, item in value.items():
            error = self.check_value(item, fields[key]["types"], f"{where}.{key}")
            if error:
                return error
        return None

    def _check_union(self, value: Any, subtypes: list[str], name: str, where: str) -> str | None:
        """Pick the variant by its discriminator ("type"/"status"/"source") when it has one."""
        candidates = [s for s in subtypes if self._discriminator_matches(value, s)]
        for subtype in candidates:
            if self._check_one(value, subtype, where, top=False) is None:
                return None
        if len(candidates) == 1:
            return self._check_one(value, candidates[0], where, top=False)
        return f"{where} must be one of the {name} variants: {', '.join(subtypes)}"

    def _discriminator_matches(self, value: Any, subtype: str) -> bool:
        definition = self.types.get(subtype)
        if definition is None or not isinstance(value, dict):
            return True
        for spec_field in definition.get("fields", []):
            if spec_field["name"] in _DISCRIMINATOR_FIELDS:
                match = _DISCRIMINATOR.search(spec_field["description"])
                if match:
                    return value.get(spec_field["name"]) == match.group(1)
        return True


def _is_attach(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("attach://")


def _check_primitive(value: Any, expr: str, where: str, top: bool) -> str | None:
    """Form values are strings at the top level; inside JSON they must be native."""
    if top and isinstance(value, str):
        ok = {
            "Integer": _INT.fullmatch(value) is not None,
            "Float": _FLOAT.fullmatch(value) is not None,
            "Boolean": value in ("true", "false"),
            "True": value == "true",
            "String": True,
        }[expr]
    else:
        ok = {
            "Integer": isinstance(value, int) and not isinstance(value, bool),
            "Float": isinstance(value, int | float) and not isinstance(value, bool),
            "Boolean": isinstance(value, bool),
            "True": value is True,
            "String": isinstance(value, str),
        }[expr]
    if ok and expr == "Integer" and abs(int(value)) >= 2**63:
        return f"{where} is out of the 64-bit integer range"
    return None if ok else f"{where} must be {expr}"


def require_spec_method(spec: Spec | None, method: str) -> str:
    """Canonical method name, or Telegram's 404 for a method that doesn't exist."""
    if spec is None:
        return method
    canonical = spec.canonical(method)
    if canonical is None:
        raise ApiError(404, "Not Found")
    return canonical
