"""The site: a Python-Markdown extension that renders policies, a thin MkDocs plugin, and the same steps without plugins.

Nothing here decides anything: verdicts come from the engine. The extension (``markdown``)
holds all the content logic, so it also runs where MkDocs plugins do not; the plugin
(``plugin``) only finds the policy files, publishes their compiled JSON and pages, copies the
browser runtime and fails the build on authoring errors; ``prepare`` does the same for Zensical
(``policy-core site prepare`` and ``finish``). What every builder does with the policy folder is
``duties``.

May import: engine, authoring, versions, runtime.
"""
