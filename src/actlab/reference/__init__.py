"""The Reference pages' generators and checks: cheat sheet, formula card, revision checklist.

- :mod:`~actlab.reference.tex` evaluates the course's LaTeX with NumPy, so a printed formula
  can be compared with the code;
- :mod:`~actlab.reference.sheet` writes the cheat sheet from the activation registry and checks
  every cell against the functions;
- :mod:`~actlab.reference.card` holds the formula card, each formula checked against actlab;
- :mod:`~actlab.reference.checklist` writes the revision checklist and the script that marks it
  from the quizzes' saved answers;
- :mod:`~actlab.reference.links` says where the course teaches each idea, as checked MyST links.

Pages import it as ``from actlab.reference import sheet`` (a name that no self-check module uses).
"""
