"""What only the tests, the benchmarks and the tools need: the course's pages and built site.

``book`` knows the table of contents, which pages are notebooks, how to serve the
built site on the loopback address and how to start Chromium; ``discover`` runs
a page and collects the explorers it displays. None of it is part of ``actlab``,
so importing the package a learner uses never pulls in an HTTP server or a
browser driver.
"""
