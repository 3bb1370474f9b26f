"""Routing from (method, raw path) to the model operation, for every template in the model."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.model import ServiceModel
from botocore.utils import percent_encode
from hypothesis import given, strategies as st

from connect_emulator.protocol.errors import ApiError
from connect_emulator.protocol.routing import Router
from connect_emulator.protocol.spec import load_service_model

ALL_OPERATIONS = load_service_model().operation_names


def _synthetic(routes: dict[str, tuple[str, str]]) -> Router:
    """A router over a made-up model: operation name -> (method, requestUri)."""
    operations: dict[str, Any] = {}
    shapes: dict[str, Any] = {"S": {"type": "string"}}
    for name, (method, uri) in routes.items():
        labels = re.findall(r"\{(\w+)\+?\}", uri)
        members = {
            label: {"shape": "S", "location": "uri", "locationName": label} for label in labels
        }
        shapes[f"{name}Input"] = {"type": "structure", "required": labels, "members": members}
        operations[name] = {
            "name": name,
            "http": {"method": method, "requestUri": uri},
            "input": {"shape": f"{name}Input"},
        }
    metadata = {"protocol": "rest-json", "apiVersion": "2017-08-08", "endpointPrefix": "t"}
    return Router(ServiceModel({"metadata": metadata, "operations": operations, "shapes": shapes}))


def _fails(router: Router, method: str, path: str) -> ApiError:
    with pytest.raises(ApiError) as caught:
        router.match(method, path)
    return caught.value


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_every_template_routes_to_its_own_operation(
    operation: str, model: ServiceModel, router: Router
) -> None:
    op = model.operation_model(operation)
    template = op.http["requestUri"]
    labels = re.findall(r"\{(\w+)\}", template)
    path = re.sub(r"\{\w+\}", "abc", template)
    match = router.match(op.http["method"], path)
    assert match.operation.name == operation
    assert match.labels == dict.fromkeys(labels, "abc")


def test_model_has_405_operations(model: ServiceModel) -> None:
    assert len(model.operation_names) == 405


def test_percent_encoded_slash_stays_inside_its_label(router: Router) -> None:
    match = router.match("GET", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fabc")
    assert match.operation.name == "ListTagsForResource"
    assert match.labels == {"resourceArn": "arn:aws:connect:us-east-1:1:instance/abc"}


def test_unencoded_slash_is_a_segment_boundary(router: Router) -> None:
    # Split before decoding: an unencoded "/" changes the shape of the path.
    match = router.match("GET", "/instance/abc/attributes")
    assert match.operation.name == "ListInstanceAttributes"
    assert match.labels == {"InstanceId": "abc"}


def test_labels_decode_utf8(router: Router) -> None:
    match = router.match("GET", "/instance/%C3%BC%20x")
    assert match.labels == {"InstanceId": "ü x"}


def test_unknown_path_is_404_unknown_operation(router: Router) -> None:
    error = _fails(router, "GET", "/nothing/here")
    assert (error.code, error.status) == ("UnknownOperationException", 404)
    assert error.message == "No operation matches GET /nothing/here"


def test_wrong_method_says_which_methods_exist(router: Router) -> None:
    error = _fails(router, "PATCH", "/instance")
    assert (error.code, error.status) == ("UnknownOperationException", 404)
    assert error.message.endswith("operations exist for this path with GET, PUT")


def test_one_trailing_slash_is_ignored(router: Router) -> None:
    assert router.match("GET", "/instance/").operation.name == "ListInstances"
    assert router.match("GET", "/instance/abc/").operation.name == "DescribeInstance"


@pytest.mark.parametrize("path", ["/instance//attributes", "/instance//", "//instance", ""])
def test_empty_segments_never_match_a_label(router: Router, path: str) -> None:
    assert _fails(router, "GET", path).code == "UnknownOperationException"


@pytest.mark.parametrize("path", ["/instance/%zz", "/instance/abc%2", "/instance/%FF", "/%C3"])
def test_broken_percent_encoding_is_a_400(router: Router, path: str) -> None:
    error = _fails(router, "GET", path)
    assert (error.code, error.status) == ("SerializationException", 400)


def test_literal_segments_beat_labels() -> None:
    router = _synthetic(
        {
            "GetThing": ("GET", "/things/{Id}"),
            "GetSpecial": ("GET", "/things/special"),
            "GetPart": ("GET", "/things/{Id}/d"),
            "GetDeep": ("GET", "/things/special/c"),
        }
    )
    assert router.match("GET", "/things/special").operation.name == "GetSpecial"
    assert router.match("GET", "/things/other").labels == {"Id": "other"}
    assert router.match("GET", "/things/special/c").operation.name == "GetDeep"
    # The literal branch fails deeper down, so the label branch must be tried after it.
    backtracked = router.match("GET", "/things/special/d")
    assert (backtracked.operation.name, backtracked.labels) == ("GetPart", {"Id": "special"})


def test_greedy_labels_take_the_rest_of_the_path() -> None:
    router = _synthetic({"GetFile": ("GET", "/files/{Bucket}/{Key+}")})
    match = router.match("GET", "/files/b/dir/sub%2Fname/leaf.txt")
    assert match.labels == {"Bucket": "b", "Key": "dir/sub/name/leaf.txt"}
    assert _fails(router, "GET", "/files/b").code == "UnknownOperationException"


def test_literal_query_in_a_template_is_a_required_key() -> None:
    router = _synthetic({"ListThings": ("GET", "/things"), "ListTagged": ("GET", "/things?tagged")})
    assert router.match("GET", "/things").operation.name == "ListThings"
    assert router.match("GET", "/things", "tagged&x=1").operation.name == "ListTagged"


@given(label=st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1))
def test_any_label_botocore_encodes_comes_back_unchanged(router: Router, label: str) -> None:
    match = router.match("GET", f"/instance/{percent_encode(label)}")
    assert (match.operation.name, match.labels) == ("DescribeInstance", {"InstanceId": label})
