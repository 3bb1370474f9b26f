"""An error's HTTP status is decided once: the model's for its codes, the table for the rest."""

from __future__ import annotations

import pytest
from botocore.model import NoShapeFoundError, ServiceModel, StructureShape

from connect_emulator.protocol.errors import UNMODELLED_STATUS, ApiError
from connect_emulator.protocol.serializer import serialize_error


@pytest.mark.parametrize("code", sorted(UNMODELLED_STATUS))
def test_the_table_holds_only_codes_the_model_does_not_declare(
    model: ServiceModel, code: str
) -> None:
    try:
        shape = model.shape_for(code)
    except NoShapeFoundError:
        return
    assert not (isinstance(shape, StructureShape) and shape.metadata.get("exception")), code


@pytest.mark.parametrize(("code", "status"), sorted(UNMODELLED_STATUS.items()))
def test_an_unmodelled_code_is_answered_with_the_tables_status(
    model: ServiceModel, code: str, status: int
) -> None:
    assert ApiError(code, "m").status == status
    assert serialize_error(model, ApiError(code, "m")).status == status


def test_a_modelled_code_is_answered_with_the_models_status(model: ServiceModel) -> None:
    assert serialize_error(model, ApiError("AccessDeniedException", "m")).status == 403
    assert serialize_error(model, ApiError("ServiceQuotaExceededException", "m")).status == 402
