"""The Reference pages: the cheat sheet and formula card agree with actlab, and every link lands.

The cheat sheet and the formula card print LaTeX. ``actlab.reference.tex`` reads it
back and evaluates it, so these tests can state the promise of those pages
directly: with the registry as it is, nothing disagrees; with a derivative typed
wrong, a range the function leaves, a property mis-stated, or a card formula
changed, the check names the disagreement. The browser side (printing on one
sheet, the checklist reading quiz progress) is in ``tests/browser/test_reference.py``.
"""

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from actlab import activations, losses
from actlab.reference import card, checklist, links, sheet, tex
from actlab.selfcheck import traps

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "reference/cheatsheet",
    "reference/formulas",
    "reference/interview",
    "reference/checklist",
    "reference/glossary",
]


# --------------------------------------------------------------------------- the evaluator


@pytest.mark.parametrize(
    "latex, env, expected",
    [
        (r"\frac{1}{1 + e^{-z}}", {"z": 0.0}, 0.5),
        (r"\tfrac12(1 + z)", {"z": 1.0}, 1.0),
        (r"2\sigma(2z) - 1", {"z": 0.3}, np.tanh(0.3)),
        (r"\tanh^2 z", {"z": 0.5}, np.tanh(0.5) ** 2),
        (r"\max(\alpha z, z)", {"z": -2.0, "alpha": 0.1}, -0.2),
        (r"\operatorname{erf}\tfrac{z}{\sqrt 2}", {"z": 1.0}, 0.6826894921370859),
        (
            r"\lambda \begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}",
            {"z": -1.0, "alpha": 2.0, "lambda": 3.0},
            3.0 * 2.0 * (np.exp(-1.0) - 1.0),
        ),
        (r"\sqrt{2/\pi}\,(z + 0.044715 z^3)", {"z": 2.0}, np.sqrt(2 / np.pi) * (2 + 0.044715 * 8)),
        (r"n_{\text{in}} + n_{\text{out}}", {"n_in": 3, "n_out": 4}, 7.0),
    ],
)
def test_the_evaluator_reads_the_course_latex(latex, env, expected):
    assert np.isclose(tex.evaluate(latex, **env), expected)


def test_sums_and_maxima_run_over_the_last_axis_and_keep_it():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    p = tex.evaluate(r"\frac{e^{z_i - m}}{\sum_j e^{z_j - m}}", z=z, m=tex.evaluate(r"\max_j z_j", z=z))
    assert p.shape == z.shape
    assert np.allclose(p.sum(axis=-1), 1.0)


def test_two_matrices_side_by_side_are_a_matrix_product():
    x, W = np.ones((2, 3)), np.arange(12.0).reshape(3, 4)
    assert np.allclose(tex.evaluate("x W", x=tex.matrix(x), W=tex.matrix(W)), x @ W)


def test_every_side_of_an_equation_is_returned():
    values = tex.sides(r"a = b = a + b", a=1.0, b=2.0)
    assert values == [1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    "latex, words",
    [
        (r"\sigma(z) + q", "the symbol 'q' has no value"),
        (r"\frac{1}{1 + ", "ends too early"),
        (r"\begin{matrix}1\end{matrix}", "only the cases environment"),
    ],
)
def test_a_formula_it_cannot_read_gets_a_sentence(latex, words):
    with pytest.raises(tex.FormulaError, match=re.escape(words)):
        tex.evaluate(latex, z=0.0)


# -------------------------------------------------------------------------- the cheat sheet


def test_the_cheat_sheet_agrees_with_actlab():
    assert sheet.verify() == []


def test_the_cheat_sheet_has_a_row_per_activation_and_one_for_softmax():
    table = str(sheet.activation_table(page="reference/cheatsheet"))
    body = table.splitlines()[2:]
    assert len(body) == len(activations.names()) + 1
    for line, row in zip(body, sheet.rows()):
        assert line.startswith(f"| {sheet.SECTIONS[row.name].link(row.label, page='reference/cheatsheet')}")
        assert line.count(" | ") == 8, f"{row.name}: a cell holds a '|' that splits the row"


def test_the_output_table_covers_every_output_of_actlab_losses():
    assert {t.output for t in sheet.TASKS} == set(losses.OUTPUTS)


@pytest.fixture
def registry(monkeypatch):
    """Change one registry entry for the length of a test: ``registry("relu", output_range=...)``."""

    def change(name, **fields):
        monkeypatch.setitem(activations._REGISTRY, name, dataclasses.replace(activations._REGISTRY[name], **fields))

    return change


def test_a_range_changed_in_the_registry_changes_the_sheet(registry):
    registry("relu", output_range=r"[0, 1]")
    assert "| $[0, 1]$ |" in str(sheet.activation_table(["relu"], page="reference/cheatsheet"))


@pytest.mark.parametrize(
    "name, fields, words",
    [
        ("sigmoid", {"grad_latex": r"\sigma(z)\,(1 + \sigma(z))"}, "the printed derivative"),
        ("relu", {"grad_latex": r"\begin{cases}1 & z \ge 0\\ 0 & z < 0\end{cases}"}, "the printed derivative"),
        ("tanh", {"latex": r"\frac{e^{z} + e^{-z}}{e^{z} - e^{-z}}"}, "the printed formula"),
        ("leaky_relu", {"grad_latex": r"\begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}"}, "the printed derivative"),
        ("relu", {"output_range": r"(0, \infty)"}, "excludes its lower end"),
        ("tanh", {"output_range": r"(-1, 2)"}, "only gets to 1"),
        ("sigmoid", {"output_range": r"(0, \infty)"}, "no upper end"),
        ("gelu", {"output_range": r"(-\infty, \infty)"}, "no lower end"),
        ("swish", {"output_range": r"\approx[-0.25, \infty)"}, "reaches -0.278"),
        ("elu", {"zero_centred": True}, "zero-centred"),
        ("leaky_relu", {"saturates": "left"}, "saturating"),
        ("mish", {"grad_latex": r"t + z\,(1 - t^2)"}, "the printed derivative"),
    ],
)
def test_a_cheat_sheet_cell_that_contradicts_the_code_is_caught(registry, name, fields, words):
    registry(name, **fields)
    problems = sheet.verify([name])
    assert len(problems) == 1 and words in problems[0], problems


def test_a_formula_the_evaluator_cannot_read_is_reported_not_raised(registry):
    registry("softplus", latex=r"\log(1 + e^{z}) + \mathcal{Q}")
    assert "cannot be read" in sheet.verify(["softplus"])[0]


def test_softmax_row_is_checked_against_actlab_softmax(monkeypatch):
    wrong = dataclasses.replace(sheet.SOFTMAX, grad_latex=r"\frac{\partial p_i}{\partial z_j} = p_i(1 - p_j)")
    monkeypatch.setattr(sheet, "SOFTMAX", wrong)
    assert "softmax: the printed derivative" in sheet.verify(["softmax"])[0]


def test_an_output_gradient_that_contradicts_its_loss_is_caught(monkeypatch):
    wrong = [dataclasses.replace(t, grad_latex=r"z - y") if t.output == "identity" else t for t in sheet.TASKS]
    monkeypatch.setattr(sheet, "TASKS", wrong)
    assert any("Regression" in p for p in sheet.verify())


# ------------------------------------------------------------------------- the formula card


def test_the_formula_card_agrees_with_actlab():
    assert card.verify() == []


def test_the_card_has_every_formula_the_course_promises():
    keys = {f.key for f in card.FORMULAS}
    assert {
        "pre-activation",
        "activation",
        "backward",
        "sigmoid-derivative",
        "tanh-derivative",
        "softmax",
        "logsumexp",
        "log-softmax",
        "cross-entropy",
        "cross-entropy-gradient",
        "xavier",
        "he",
    } <= keys
    assert {f.group for f in card.FORMULAS} == set(card.GROUPS)


@pytest.mark.parametrize(
    "key, latex",
    [
        ("sigmoid-derivative", r"\sigma'(z) = \sigma(z)\,(1 + \sigma(z))"),
        ("tanh-derivative", r"\tanh'(z) = 1 - \tanh z"),
        ("backward", r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a} + \phi'(z)"),
        ("cross-entropy-gradient", r"\frac{\partial L}{\partial z} = p + \operatorname{onehot}(y)"),
        ("he", r"\operatorname{Var}(W) = \frac{1}{n_{\text{in}}}"),
        ("xavier", r"\operatorname{Var}(W) = \frac{2}{n_{\text{in}}}"),
        ("logsumexp", r"\log \sum_j e^{z_j} = \log \sum_j e^{z_j - m}"),
        (
            "softmax",
            r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}} = \frac{e^{z_i}}{\sum_j e^{z_j - m}}",
        ),
    ],
)
def test_a_wrong_formula_on_the_card_is_caught(monkeypatch, key, latex):
    formulas = [dataclasses.replace(f, latex=latex) if f.key == key else f for f in card.FORMULAS]
    monkeypatch.setattr(card, "FORMULAS", formulas)
    problems = card.verify([key])
    assert problems and all(p.startswith(key) for p in problems), problems


def test_only_the_stable_side_has_to_survive_huge_logits():
    f = next(f for f in card.FORMULAS if f.key == "log-softmax")
    extreme = [c for c in f.cases() if c.extreme]
    assert extreme and np.isfinite(extreme[0].expected).all()


def test_the_card_prints_computed_numbers():
    text = str(card.card(["sigmoid-derivative", "tanh-slope"]))
    assert "at most 0.25" in text
    assert "[[" not in text


# ------------------------------------------------------------------------------- the links


def _all_sections():
    found = dict(links.SECTIONS)
    found.update({f"quiz:{k}": s for k, s in checklist.QUIZ_PAGES.items()})
    for t in traps.TRAPS:
        found.update({f"trap:{t.key}:{i}": s for i, s in enumerate(t.where)})
    for item in checklist.ITEMS:
        found[f"item:{item.key}"] = item.read
    return found


@pytest.mark.parametrize("key, section", sorted(_all_sections().items()))
def test_every_linked_section_exists_with_a_unique_anchor(key, section):
    path = ROOT / f"{section.page}.md"
    assert path.is_file(), f"{key}: no page {section.page}.md"
    heads = links.headings(path)
    texts = [text for _, text in heads]
    assert section.heading in texts, f"{key}: {section.page}.md has no heading {section.heading!r}"
    slugs = [links.slugify(t) for t in texts]
    assert slugs.count(section.slug) == 1, f"{key}: #{section.slug} is not unique in {section.page}.md"
    assert not re.search(r"[$`*]", section.heading), f"{key}: a heading with markup has no predictable anchor"


def test_links_are_relative_to_the_page_that_shows_them():
    s = links.Section("chapters/04_saturation", "Fixes")
    assert s.target("reference/cheatsheet") == "../chapters/04_saturation.md#fixes"
    assert links.Section("reference/formulas").target("reference/checklist") == "formulas.md"


# ------------------------------------------------------------------------------- the traps


@pytest.mark.parametrize("trap", traps.TRAPS, ids=lambda t: t.key)
def test_each_trap_asks_its_tempting_answer_as_a_wrong_option(trap):
    tempting = trap.question.options[trap.tempting_index]
    assert tempting.text == trap.tempting and not tempting.correct and tempting.feedback
    right = trap.question.options[trap.question.right[0]]
    assert right.text == trap.correct
    assert traps.quiz.grade(trap.key, trap.tempting_index).feedback == tempting.feedback
    assert trap.where, f"{trap.key}: says nowhere where the course shows it"


def test_every_trap_is_a_question_of_the_trap_quiz_and_the_right_answer_moves():
    assert [q.key for q in traps.quiz.questions] == [t.key for t in traps.TRAPS]
    positions = {t.question.right[0] for t in traps.TRAPS}
    assert len(positions) > 1, "the right answer is always in the same place"


def test_trap_cards_link_every_trap_and_turn_quiz_math_into_page_math():
    text = str(traps.cards(page="reference/interview"))
    assert text.count("*Tempting:*") == len(traps.TRAPS)
    assert "\\(" not in text and "](../chapters/" in text


# ---------------------------------------------------------------------------- the checklist


@pytest.mark.parametrize("item", checklist.ITEMS, ids=lambda i: i.key)
def test_each_checklist_item_is_tested_by_existing_quiz_questions(item):
    assert item.tests
    for test in item.tests:
        assert test.number >= 1  # raises with the quiz's keys if the question is gone


def test_the_checklist_script_knows_each_quiz_by_its_saved_name():
    spec = checklist.tracker(page="reference/checklist").spec
    assert [i["key"] for i in spec["items"]] == [i.key for i in checklist.ITEMS]
    first = spec["items"][0]["tests"][0]
    quiz = checklist.ITEMS[0].tests[0].quiz
    assert first["page"] == "../chapters/01_why_nonlinearity.html"
    assert first["sig"] == quiz.signature() and first["quiz"] == quiz.key
    assert first["anchor"] == f"aq-{quiz.key}-{first['question']}"


def test_each_item_writes_one_quiz_link_per_test_in_order():
    for group in checklist.GROUPS:
        for line in str(checklist.items(group, page="reference/checklist")).splitlines():
            key = re.search(r'data-item="([^"]+)"', line).group(1)
            item = next(i for i in checklist.ITEMS if i.key == key)
            shown = line.split("Show it:")[1]
            numbers = [int(n) for n in re.findall(r"\[(\d+)\]\(", shown)]
            assert numbers == [t.number for t in item.tests]


def test_every_group_has_items_and_every_item_a_group():
    assert {i.group for i in checklist.ITEMS} == set(checklist.GROUPS)


# ---------------------------------------------------------------------------- the pages


@pytest.mark.parametrize("page", PAGES)
def test_every_reference_page_exists(page):
    assert (ROOT / f"{page}.md").is_file()


def _glossary_terms():
    text = (ROOT / "reference/glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}")[1].split("```")[0]
    return {line.strip().lower() for line in body.splitlines() if line and not line.startswith((" ", ":"))}


def _term_roles(text):
    for match in re.finditer(r"\{term\}`([^`]+)`", text):
        inner = match.group(1)
        target = re.search(r"<([^>]+)>\s*$", inner)
        yield (target.group(1) if target else inner).strip().lower()


def test_every_term_role_in_the_book_has_a_glossary_entry():
    terms = _glossary_terms()
    assert len(terms) >= 40
    pages = sorted(ROOT.glob("chapters/*.md")) + sorted(ROOT.glob("reference/*.md")) + [ROOT / "intro.md"]
    used = {(p.name, t) for p in pages for t in _term_roles(p.read_text(encoding="utf-8"))}
    missing = {(name, t) for name, t in used if t not in terms}
    assert not missing, f"{{term}} roles with no glossary entry: {sorted(missing)}"


def test_the_glossary_states_the_overflow_thresholds_the_code_computes():
    text = (ROOT / "reference/glossary.md").read_text(encoding="utf-8")
    f64 = f"{np.log(np.finfo(np.float64).max):.1f}"
    f32 = f"{np.log(np.finfo(np.float32).max):.1f}"
    assert f"z \\approx {f64}$ in float64 and ${f32}$ in float32" in text
