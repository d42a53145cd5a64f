"""Two runs draw the same pictures: figures and baked explorers are byte-for-byte equal."""

import numpy as np

from actlab import activations
from actlab import explorers as ex
from actlab.explorers.render import Picture


def random_curve_scene(seed):
    rng = np.random.default_rng(seed)
    z = np.linspace(-3, 3, 61)
    w = rng.normal(size=3)
    y = activations.get("tanh")(np.outer(z, w)).sum(axis=1)  # (61, 3) -> (61,)
    return ex.Scene(ex.Panel([ex.Line(z, y, color="#0072B2")]), alt=f"A random tanh curve, seed {seed}.")


def test_a_seeded_figure_is_the_same_png_twice():
    first = Picture(random_curve_scene(3)).png()
    second = Picture(random_curve_scene(3)).png()
    assert first == second
    assert first != Picture(random_curve_scene(4)).png()


def test_a_baked_explorer_is_the_same_html_twice():
    def make():
        return ex.Explorer(
            "seeded", controls=[ex.Slider("seed", min=0, max=3, step=1, value=0, label="Seed")], draw=random_curve_scene
        )

    assert make().to_html() == make().to_html()
