"""The course's self-checks: one module per chapter, ``ch01``, ``ch02``, ...

Each module ``actlab.selfcheck.chNN`` is the single source of its chapter's
self-checks: a module-level ``quiz`` (an :class:`actlab.quiz.Quiz`, shown in the
chapter's "Self-check" section) and one :class:`actlab.checks.Exercise` per
coding exercise of ``exercises/NN_*.md``, each with its reference solution.
This package lists them for the pages and tests that need all of them at once:
the answer keys, and the notebook test that runs every exercise notebook as
given and solved.

Examples
--------
>>> from actlab import selfcheck
>>> selfcheck.chapters()[0]
'ch01'
>>> selfcheck.exercise("ch01.collapse").function_name
'collapse'
>>> [e.name for e in selfcheck.exercises("ch01")]
['ch01.collapse', 'ch01.xor_net', 'ch01.relu_sum']
"""

import importlib
import pkgutil
import re
from dataclasses import dataclass

from actlab.checks import CORRECT, NOT_ATTEMPTED, Exercise
from actlab.quiz import Quiz

__all__ = ["chapters", "exercises", "exercise", "quiz", "catalogue", "ChapterSelfChecks", "verify"]

_CHAPTER = re.compile(r"^ch\d\d$")


def chapters():
    """The chapter modules that exist, in order: ``['ch01', 'ch02', ...]``."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if _CHAPTER.match(m.name))


def _module(chapter):
    if chapter not in chapters():
        raise KeyError(f"There is no self-check module {chapter!r}; the modules are {chapters()}.")
    return importlib.import_module(f"{__name__}.{chapter}")


def quiz(chapter):
    """The chapter's quiz, e.g. ``quiz("ch01")``."""
    found = getattr(_module(chapter), "quiz", None)
    if not isinstance(found, Quiz):
        raise TypeError(f"actlab.selfcheck.{chapter} should define a module-level `quiz = Quiz(...)`.")
    return found


def exercises(chapter):
    """The chapter's exercises, in the order the module defines them."""
    found = []
    for attribute, value in vars(_module(chapter)).items():
        if isinstance(value, Exercise):
            if value.name != f"{chapter}.{attribute}":
                raise ValueError(
                    f"The exercise at actlab.selfcheck.{chapter}.{attribute} "
                    f"is named {value.name!r}; "
                    f"its name should be '{chapter}.{attribute}', as the notebook writes it."
                )
            found.append(value)
    return found


def exercise(name):
    """One exercise by its name as the notebook writes it, e.g. ``"ch01.collapse"``."""
    chapter, _, attribute = str(name).partition(".")
    value = getattr(_module(chapter), attribute, None)
    if not isinstance(value, Exercise):
        known = [e.name for e in exercises(chapter)]
        raise KeyError(f"There is no exercise {name!r}; {chapter} has {known}.")
    return value


@dataclass(frozen=True)
class ChapterSelfChecks:
    """One chapter's quiz and exercises, for an answer-key page."""

    chapter: str
    quiz: Quiz
    exercises: list


def catalogue():
    """Every chapter's quiz and exercises, in chapter order (what the answer keys list).

    Examples
    --------
    >>> entry = catalogue()[0]
    >>> entry.chapter, len(entry.quiz.questions) >= 4, len(entry.exercises)
    ('ch01', True, 3)
    """
    return [ChapterSelfChecks(c, quiz(c), exercises(c)) for c in chapters()]


def verify(namespace, names, *, expect):
    """Check each exercise against the function the notebook defined, and fail loudly if the outcome differs.

    The notebook test appends a call to this at the end of every exercise
    notebook: run as given, every exercise must be ``"not attempted"``; run with
    the reference solutions put in, every one must be ``"correct"``.

    Parameters
    ----------
    namespace : dict
        The notebook's ``globals()``.
    names : list of str
        Exercise names, e.g. ``["ch01.collapse"]``.
    expect : {"correct", "not attempted"}

    Raises
    ------
    AssertionError
        Listing every exercise whose outcome was not ``expect``, with its feedback.
    """
    if expect not in (CORRECT, NOT_ATTEMPTED):
        raise ValueError(f"expect should be {CORRECT!r} or {NOT_ATTEMPTED!r}, not {expect!r}.")
    wrong = []
    for name in names:
        ex = exercise(name)
        if ex.function_name not in namespace:
            wrong.append(f"{name}: the notebook defines no function `{ex.function_name}`.")
            continue
        outcome = ex.check(namespace[ex.function_name])
        if outcome.status != expect:
            wrong.append(f"{name}: expected {expect!r}, got {outcome}")
    assert not wrong, "\n".join(wrong)
    return f"{len(names)} exercise(s) {expect}."
