"""The plugin's own tests.

A package, so that pytest imports them as ``tests.conftest``, ``tests.test_…``:
the site's tests (``/tests``, no ``__init__.py``) import their fixtures as the
top-level module ``conftest``, which a second top-level ``conftest`` would replace.
"""
