"""Generate ``connect_emulator/api/connect.py``: the model's shapes as Python types.

    .venv/bin/python -m connect_emulator.protocol.typegen           # (re)write the file
    .venv/bin/python -m connect_emulator.protocol.typegen --check   # exit 1 if it is stale

Every shape reachable from an operation's input or output becomes a type named after it:

* a structure, a ``TypedDict`` (``total=False``) with the model's member names and the model's
  required members ``Required[...]``; the functional form when a member name is not a valid
  Python identifier, since the class form could not spell it;
* a string enum, a ``Literal[...]`` alias; any other scalar, an alias of ``str``, ``int``,
  ``bool``, ``float`` or ``bytes``; a list or map, an alias of ``list[...]`` or ``dict[...]``;
* a timestamp has no alias: it is written where it is used, as what the emulator really
  handles there. In requests the parser hands over aware UTC ``datetime``s; in responses the
  emulator writes epoch seconds, ``float``; a structure that travels both ways takes either.

Then every operation gets ``<Operation>Request`` and ``<Operation>Response`` (``None`` when the
operation returns nothing), aliases where the model names its shapes otherwise.

The output is sorted by name, so it changes only when the model does; it is written already
formatted as ``ruff format`` would write it. Names defined further down the file (and a
structure's references to itself) are quoted, which is all recursion needs.
"""

from __future__ import annotations

import argparse
import itertools
import keyword
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore
import botocore.session

SERVICE = "connect"
OUTPUT = Path(__file__).resolve().parent.parent / "api" / "connect.py"
COMMAND = ".venv/bin/python -m connect_emulator.protocol.typegen"
LINE_LENGTH = 100  # [tool.ruff] line-length
INDENT = "    "

_SCALARS = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "boolean": "bool",
    "double": "float",
    "float": "float",
    "blob": "bytes",
}
_CONTAINERS = ("structure", "list", "map")
_TIMESTAMP_IN = "datetime"
_TIMESTAMP_OUT = "float"
# Names the generated module uses itself: a shape named like one of these would shadow it.
_RESERVED = frozenset(
    {"Any", "Literal", "Required", "TypeAlias", "TypedDict", "datetime"}
    | {"bool", "bytes", "dict", "float", "int", "list", "str", "None"}
)

Shapes = Mapping[str, Mapping[str, Any]]


def load_model() -> Mapping[str, Any]:
    """The pinned botocore's Connect service description, as the JSON it ships."""
    loader = botocore.session.get_session().get_component("data_loader")
    model: Mapping[str, Any] = loader.load_service_model(SERVICE, "service-2")
    return model


def render() -> str:
    """The text ``api/connect.py`` must have for the pinned model."""
    return generate(load_model(), botocore.__version__)


def generate(model: Mapping[str, Any], botocore_version: str) -> str:
    return _Generator(model, botocore_version).source()


def _reachable(shapes: Shapes, roots: Iterator[str]) -> set[str]:
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        pending.extend(member["shape"] for member in shape.get("members", {}).values())
        pending.extend(shape[part]["shape"] for part in ("member", "key", "value") if part in shape)
    return seen


def _identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


@dataclass(frozen=True, slots=True)
class _Operation:
    name: str
    input: str | None
    output: str | None


class _Generator:
    def __init__(self, model: Mapping[str, Any], botocore_version: str) -> None:
        self._model = model
        self._version = botocore_version
        self._shapes: Shapes = model["shapes"]
        operations = model["operations"]
        self._operations = [
            _Operation(
                name,
                operations[name].get("input", {}).get("shape"),
                operations[name].get("output", {}).get("shape"),
            )
            for name in sorted(operations)
        ]
        self._inbound = _reachable(self._shapes, (op.input for op in self._operations if op.input))
        self._outbound = _reachable(
            self._shapes, (op.output for op in self._operations if op.output)
        )
        used = self._inbound | self._outbound
        for name in used:
            if not _identifier(name) or name in _RESERVED:
                raise ValueError(f"shape {name!r} cannot be a Python name in the generated module")
        # File order: scalars first (they reference nothing), then the containers; a
        # reference to a name at or after the referring one's position is quoted.
        scalars = sorted(n for n in used if self._kind(n) not in _CONTAINERS)
        self._scalars = [n for n in scalars if self._kind(n) != "timestamp"]
        self._containers = sorted(n for n in used if self._kind(n) in _CONTAINERS)
        self._position = {n: i for i, n in enumerate(self._scalars + self._containers)}
        self._typing: set[str] = set()
        self._uses_datetime = False

    def _kind(self, name: str) -> str:
        shape = self._shapes[name]
        kind: str = shape["type"]
        if kind == "structure" and shape.get("document"):
            return "document"
        if kind not in _SCALARS and kind not in _CONTAINERS and kind != "timestamp":
            raise ValueError(f"shape {name!r} has a type the generator does not know: {kind}")
        return kind

    # --- the file ------------------------------------------------------------------------

    def source(self) -> str:
        blocks = [self._scalar(name) for name in self._scalars]
        body: list[str] = []
        if blocks:
            body.append("# Scalars and enums\n\n" + "\n".join(blocks))
        containers = [self._container(name) for name in self._containers]
        if containers:
            gap = "\n\n\n" if "\n" in containers[0] else "\n\n"
            body.append("# Structures, lists and maps" + gap + self._join(containers))
        operations = [line for op in self._operations for line in self._operation(op)]
        if operations:
            body.append(
                "# Operations: <Operation>Request and <Operation>Response where the model's shape\n"
                "# names differ; None for an operation that returns nothing.\n\n"
                + "\n".join(operations)
            )
        return self._header() + "\n\n" + "\n\n\n".join(body) + "\n"

    def _header(self) -> str:
        metadata = self._model.get("metadata", {})
        api_version = metadata.get("apiVersion", "?")
        lines = [
            f"# Generated by connect_emulator.protocol.typegen from the {SERVICE} {api_version}",
            f"# service model of botocore {self._version}. Do not edit; regenerate with",
            f"#     {COMMAND}",
            '"""Amazon Connect\'s request and response shapes, as types for the provider.',
            "",
            "Structures are TypedDicts keyed by the model's member names; enums are Literal",
            "aliases. Timestamps are datetime in requests (the parser's aware UTC datetimes) and",
            "float epoch seconds in responses. See connect_emulator.protocol.typegen.",
            '"""',
            "",
        ]
        if self._uses_datetime:
            lines.append("from datetime import datetime")
        names = ", ".join(sorted(self._typing))
        lines.append(f"from typing import {names}")
        return "\n".join(lines)

    @staticmethod
    def _join(blocks: Sequence[str]) -> str:
        """Aliases one per line; two blank lines around a class, as ruff format wants them."""
        out = blocks[0]
        for previous, block in itertools.pairwise(blocks):
            multiline = "\n" in previous.rstrip("\n") or "\n" in block.rstrip("\n")
            out += ("\n\n\n" if multiline else "\n") + block
        return out

    # --- shapes --------------------------------------------------------------------------

    def _scalar(self, name: str) -> str:
        shape = self._shapes[name]
        self._typing.add("TypeAlias")
        if self._kind(name) == "document":
            self._typing.add("Any")
            return f"{name}: TypeAlias = Any"
        if "enum" in shape:
            self._typing.add("Literal")
            return _literal(f"{name}: TypeAlias = ", shape["enum"])
        return f"{name}: TypeAlias = {_SCALARS[shape['type']]}"

    def _container(self, name: str) -> str:
        shape = self._shapes[name]
        kind = shape["type"]
        if kind == "list":
            self._typing.add("TypeAlias")
            member = self._ref(shape["member"]["shape"], name)
            return _fit(f"{name}: TypeAlias = ", f"list[{member}]")
        if kind == "map":
            self._typing.add("TypeAlias")
            key = self._ref(shape["key"]["shape"], name)
            value = self._ref(shape["value"]["shape"], name)
            return _fit(f"{name}: TypeAlias = ", f"dict[{key}, {value}]")
        return self._structure(name)

    def _structure(self, name: str) -> str:
        shape = self._shapes[name]
        self._typing.add("TypedDict")
        required = set(shape.get("required", ()))
        members: list[tuple[str, str]] = []
        for member, spec in shape.get("members", {}).items():
            annotation = self._ref(spec["shape"], name)
            if member in required:
                self._typing.add("Required")
                annotation = f"Required[{annotation}]"
            members.append((member, annotation))
        comment = f"{INDENT}# A union: exactly one member is set.\n" if shape.get("union") else ""
        if all(_identifier(member) for member, _ in members):
            lines = [f"class {name}(TypedDict, total=False):"]
            body = [_fit(f"{INDENT}{member}: ", annotation) for member, annotation in members]
            return "\n".join(lines) + "\n" + comment + ("\n".join(body) or f"{INDENT}pass")
        # The class form cannot spell these member names; the functional form can.
        entries = [f"{INDENT * 2}{_string(key)}: {annotation}," for key, annotation in members]
        return (
            (comment.strip() + "\n" if comment else "")
            + f"{name} = TypedDict(\n"
            + f"{INDENT}{_string(name)},\n"
            + f"{INDENT}{{\n"
            + "\n".join(entries)
            + f"\n{INDENT}}},\n"
            + f"{INDENT}total=False,\n)"
        )

    def _ref(self, target: str, referrer: str) -> str:
        """The type of ``target`` where ``referrer`` uses it (quoted if not yet defined)."""
        if self._kind(target) == "timestamp":
            inbound, outbound = referrer in self._inbound, referrer in self._outbound
            if inbound:
                self._uses_datetime = True
            if inbound and outbound:
                return f"{_TIMESTAMP_IN} | {_TIMESTAMP_OUT}"
            return _TIMESTAMP_IN if inbound else _TIMESTAMP_OUT
        if self._position[target] >= self._position[referrer]:
            return _string(target)
        return target

    def _operation(self, op: _Operation) -> Iterator[str]:
        for suffix, shape in (("Request", op.input), ("Response", op.output)):
            alias = op.name + suffix
            if alias == shape:
                continue
            if alias in self._shapes:
                raise ValueError(f"{alias} would shadow the model's shape of that name")
            self._typing.add("TypeAlias")
            if shape is None:
                yield f"{alias}: TypeAlias = None"
            else:
                yield _fit(f"{alias}: TypeAlias = ", shape)


def _string(text: str) -> str:
    """A double-quoted Python string literal, as ruff format writes one."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _literal(head: str, values: Sequence[str]) -> str:
    """``head + Literal[...]`` on one line if it fits, else one value a line, as ruff keeps it."""
    items = [_string(value) for value in values]
    flat = f"{head}Literal[{', '.join(items)}]"
    if len(flat) <= LINE_LENGTH or len(items) < 2:
        return flat
    # The magic trailing comma keeps ruff format from joining the lines again.
    return f"{head}Literal[\n" + "".join(f"{INDENT}{item},\n" for item in items) + "]"


def _fit(head: str, expression: str) -> str:
    """``head + expression``, split as ruff format splits it when the line is too long.

    A subscript breaks inside its outermost brackets, anything else is parenthesized; the
    continuation is indented one level deeper than ``head``.
    """
    line = head + expression
    if len(line) <= LINE_LENGTH:
        return line
    indent = head[: len(head) - len(head.lstrip())]
    inner = indent + INDENT
    if expression.endswith("]") and not expression.startswith('"'):
        name, _, rest = expression.partition("[")
        return f"{head}{name}[\n{inner}{rest[:-1]}\n{indent}]"
    return f"{head}(\n{inner}{expression}\n{indent})"


# --- command line -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m connect_emulator.protocol.typegen",
        description=f"Write {OUTPUT.name} (typed shapes) from the pinned botocore Connect model.",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file is out of date"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    args = parser.parse_args(argv)
    text = render()
    output: Path = args.output
    current = output.read_text(encoding="utf-8") if output.exists() else None
    if args.check:
        if current != text:
            print(f"{output} is out of date; regenerate with: {COMMAND}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
