"""The runtime: the self-check's browser runtime, built from the pinned Pyodide.

``pyodide`` pins, installs and finds the Pyodide runtime; ``engine`` writes the browser's wheel
(the ``policy_core.engine`` folder, compiled where the host can) and trims the standard library;
``build`` puts them together with the widget into one cached folder the site serves. ``engine``
and ``pyodide`` use the standard library only: the package's build hook (``_wheel_hook``) loads
them alone, before the package is installed. Nothing is imported here, so that ``policy-core
runtime`` needs no site tools.

Its own package, not a part of the site: the site (MkDocs or Zensical) copies the folder it
builds, and the build hook and the command line use it with no site at all.

May import: engine (only ``probe/exercise.py``, which runs it inside Pyodide; ``build`` also needs
the site extra's brotli).
"""
