"""The site side of policy_core: a Python-Markdown extension that renders policies, and a thin MkDocs plugin.

Nothing here decides anything: verdicts come from ``policy_core`` itself. The extension holds
all the content logic (so it also runs where MkDocs plugins do not); the plugin only finds
the policy files, publishes their compiled JSON and fails the build on authoring errors.
"""
