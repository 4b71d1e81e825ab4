from __future__ import annotations

from sabt import errors


def test_invalid_input_lists_every_problem_with_its_location() -> None:
    e = errors.InvalidInput(
        "victims.csv: 2 bad rows, nothing imported.",
        {"row 3: birth_date": "'13x7' is not a date", "row 9: name": "empty"},
    )
    text = str(e)
    assert "row 3: birth_date: '13x7' is not a date" in text
    assert "row 9: name: empty" in text
    assert e.exit_code == 2 and e.status == 422


def test_every_error_is_a_sabt_error_with_status_and_exit_code() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, Exception)]
    for cls in classes:
        assert issubclass(cls, errors.SabtError)
        assert 400 <= cls.status < 600 and cls.exit_code > 0


def test_integrity_failures_are_distinct_classes() -> None:
    for cls in (
        errors.TileMismatch,
        errors.CheckpointRollback,
        errors.SplitView,
        errors.InvalidProof,
        errors.InvalidSignature,
    ):
        assert issubclass(cls, errors.IntegrityError)
    assert issubclass(errors.TruncatedTile, errors.TileMismatch)
