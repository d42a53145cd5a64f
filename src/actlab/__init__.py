"""actlab: the NumPy helper package of the course on activation functions.

Each module holds one concept and is short enough to read beside the chapter
that uses it:

========================  =====================================================
``actlab.activations``    the registry of activations and their derivatives
``actlab.softmax``        stable ``softmax``, ``log_softmax`` and ``logsumexp``
``actlab.mlp``            a small multilayer perceptron with hand-written backprop
``actlab.layers``         elementwise and gated (GLU-family) hidden layers
``actlab.losses``         output activations paired with their losses
``actlab.optimizers``     SGD with momentum, and Adam
``actlab.datasets``       toy 2-D data sets and the digits set
``actlab.plotting``       plot helpers and the one palette of the course
``actlab.explorers``      interactive explorers that also work on the static site
``actlab.checks``         exercises: ``check()``, ``hint()``, ``solution()``
``actlab.quiz``           quizzes that answer on the page, with no kernel
``actlab.selfcheck``      each chapter's quiz and exercises (``ch01``, ...)
========================  =====================================================
"""

__version__ = "0.1.0"
