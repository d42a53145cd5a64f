"""What every exercise of every chapter promises: its reference passes, a placeholder is not attempted,
it has progressive hints and a solution to show. One test for the whole catalogue, so a new chapter's
exercises are covered the day they are added."""

import pytest

from actlab import selfcheck
from actlab.checks import CORRECT, NOT_ATTEMPTED

EXERCISES = [exercise for chapter in selfcheck.chapters() for exercise in selfcheck.exercises(chapter)]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_reference_solutions_are_correct(exercise):
    assert exercise.check(exercise.reference).status == CORRECT


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_placeholders_are_not_attempted(exercise):
    def placeholder(*args, **kwargs):
        raise NotImplementedError

    assert exercise.check(placeholder).status == NOT_ATTEMPTED


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_every_exercise_has_hints_and_a_solution(exercise):
    assert len(exercise.hints) >= 2
    assert f"def {exercise.function_name}(" in exercise.solution_source
