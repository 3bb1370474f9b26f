"""Find the operation a request is for, from the method and the raw path, using the model's URIs.

Every operation's ``http.requestUri`` is compiled into one segment trie per HTTP method.
Matching walks the trie segment by segment, trying a literal child before a label child and a
label before a greedy label, so the most literal template wins and a request costs a handful
of dict lookups rather than a scan of every template.

Paths are split on "/" while still percent-encoded and each segment is decoded afterwards: an
ARN arrives as a single label with its "/" encoded as %2F and must stay one label.

Decisions about odd paths:

* one trailing slash is ignored (``/instance/`` is ``/instance``);
* an empty segment anywhere else matches nothing: a label never matches an empty value;
* a greedy label ``{Name+}`` takes one or more remaining segments, joined with "/";
* a literal query in a template (``/things?list``) is a required query key; none of Connect's
  operations has one today, but the model format allows it.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

from botocore.model import OperationModel, ServiceModel

from connect_emulator.protocol.errors import ApiError, serialization_error

_LABEL = re.compile(r"\{([A-Za-z0-9_]+)(\+?)\}")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


# Made for every request: not frozen, since a frozen dataclass's __init__ costs 3-4x
# (object.__setattr__ per field). Treated as immutable all the same.
@dataclass(slots=True)
class RouteMatch:
    operation: OperationModel
    labels: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Endpoint:
    operation: OperationModel
    label_names: tuple[str, ...]  # one name per label or greedy segment, in path order
    # (key, value or None for "key present with any value"), from a literal "?..." part
    required_query: tuple[tuple[str, str | None], ...]


@dataclass(slots=True)
class _Node:
    literals: dict[str, _Node] = field(default_factory=dict)
    label: _Node | None = None
    greedy: list[_Endpoint] = field(default_factory=list)
    endpoints: list[_Endpoint] = field(default_factory=list)


class Router:
    """Maps (method, raw path) to the model operation and its decoded path labels."""

    def __init__(self, model: ServiceModel) -> None:
        self._roots: dict[str, _Node] = {}
        for name in model.operation_names:
            self._add(model.operation_model(name))
        for root in self._roots.values():
            _sort_endpoints(root)

    def _add(self, operation: OperationModel) -> None:
        method = operation.http["method"].upper()
        path, _, query = operation.http["requestUri"].partition("?")
        node = self._roots.setdefault(method, _Node())
        names: list[str] = []
        for segment in _split(path):
            label = _LABEL.fullmatch(segment)
            if label is None:
                if "{" in segment:
                    raise ValueError(f"{operation.name}: unsupported URI segment {segment!r}")
                node = node.literals.setdefault(segment, _Node())
                continue
            names.append(label.group(1))
            if label.group(2):
                node.greedy.append(_Endpoint(operation, tuple(names), _query_rules(query)))
                return
            if node.label is None:
                node.label = _Node()
            node = node.label
        node.endpoints.append(_Endpoint(operation, tuple(names), _query_rules(query)))

    def match(self, method: str, raw_path: str, query_string: str = "") -> RouteMatch:
        """Return the operation for this request or raise ApiError.

        ``query_string`` only matters for templates with a literal query part.
        """
        segments = _split(raw_path)
        if "%" in raw_path:
            segments = [_decode(segment) for segment in segments]
        query_keys = _query_pairs(query_string) if query_string else {}
        root = self._roots.get(method.upper())
        found = _walk(root, segments, 0, [], query_keys) if root is not None else None
        if found is not None:
            return found
        allowed = sorted(
            other
            for other, node in self._roots.items()
            if other != method.upper() and _walk(node, segments, 0, [], query_keys) is not None
        )
        message = f"No operation matches {method} {raw_path}"
        if allowed:
            message += f"; operations exist for this path with {', '.join(allowed)}"
        raise ApiError("UnknownOperationException", message)


def _split(path: str) -> list[str]:
    if path.endswith("/"):
        path = path[:-1]
    # "" and "/" have no segments; "/a/b" has ["a", "b"]; "//a" keeps its empty first one.
    return path.removeprefix("/").split("/") if path else []


def _decode(segment: str) -> str:
    if "%" not in segment:
        return segment
    if _BAD_PERCENT.search(segment):
        raise serialization_error(f"Invalid percent-encoding in path segment {segment!r}")
    try:
        return urllib.parse.unquote_to_bytes(segment).decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise serialization_error(f"Path segment {segment!r} is not valid UTF-8") from exc


def _query_rules(query: str) -> tuple[tuple[str, str | None], ...]:
    rules: list[tuple[str, str | None]] = []
    for part in filter(None, query.split("&")):
        key, sep, value = part.partition("=")
        rules.append((key, value if sep else None))
    return tuple(rules)


def _query_pairs(query_string: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise serialization_error("Query string is not valid UTF-8") from exc


def _sort_endpoints(node: _Node) -> None:
    # Templates with more literal query requirements are more specific: try them first.
    node.endpoints.sort(key=lambda e: -len(e.required_query))
    node.greedy.sort(key=lambda e: -len(e.required_query))
    for child in _children(node):
        _sort_endpoints(child)


def _children(node: _Node) -> Iterable[_Node]:
    yield from node.literals.values()
    if node.label is not None:
        yield node.label


def _walk(
    node: _Node,
    segments: list[str],
    index: int,
    values: list[str],
    query: dict[str, list[str]],
) -> RouteMatch | None:
    if index == len(segments):
        return _pick(node.endpoints, values, query)
    segment = segments[index]
    child = node.literals.get(segment)
    if child is not None:
        found = _walk(child, segments, index + 1, values, query)
        if found is not None:
            return found
    if segment and node.label is not None:
        found = _walk(node.label, segments, index + 1, [*values, segment], query)
        if found is not None:
            return found
    rest = "/".join(segments[index:])
    if node.greedy and rest:
        return _pick(node.greedy, [*values, rest], query)
    return None


def _pick(
    endpoints: list[_Endpoint], values: list[str], query: dict[str, list[str]]
) -> RouteMatch | None:
    for endpoint in endpoints:
        if not endpoint.required_query:  # every Connect operation: nothing more to check
            return RouteMatch(
                endpoint.operation, dict(zip(endpoint.label_names, values, strict=True))
            )
        if all(
            key in query and (expected is None or expected in query[key])
            for key, expected in endpoint.required_query
        ):
            return RouteMatch(
                endpoint.operation, dict(zip(endpoint.label_names, values, strict=True))
            )
    return None
