"""The thin MkDocs plugin: find the policies, publish their compiled JSON, fail on authoring errors.

Everything a page shows comes from the Markdown extension; this plugin only does what needs
MkDocs: it validates every policy file before any page is built, adds ``<id>/policy.json``
to the site, keeps the policy sources out of it, and watches them in ``mkdocs serve``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import InvalidPolicyError, Policy, compile_policy
from . import store

EXTENSION = "policy_core.site.markdown"


class PolicyPluginConfig(Config):
    policies = c.Type(str, default="docs/policies")
    """The folder of policy files, relative to mkdocs.yml."""


class _ErrorLog(logging.Handler):
    """Collects the errors policy blocks log, with the page they were on."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.page = "?"
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(f"{self.page}: {record.getMessage()}")


class PolicyPlugin(BasePlugin[PolicyPluginConfig]):
    """Publishes policies written in ``docs/policies`` (see the writer's guide)."""

    def __init__(self) -> None:
        self.folder = Path("docs/policies")
        self.policies: dict[str, Policy] = {}
        self.block_errors = _ErrorLog()
        logging.getLogger("mkdocs.plugins.policy_core").addHandler(self.block_errors)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.folder = (base / self.config.policies).resolve()
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        config.mdx_configs.setdefault(EXTENSION, {})["policies"] = str(self.folder)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.block_errors.errors.clear()
        try:
            self.policies = store.load_folder(self.folder)
        except InvalidPolicyError as exc:
            raise PluginError(f"invalid policy files:\n{exc}") from None
        if not self.policies:
            raise PluginError(f"no policy files in {self.folder}")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for file in list(files):
            if Path(file.abs_src_path or "").resolve().parent == self.folder:
                files.remove(file)  # the sources; the site publishes the compiled JSON instead
        for policy in self.policies.values():
            files.append(File.generated(config, f"{policy.id}/policy.json", content=compile_policy(policy)))
        return files

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        self.block_errors.page = page.file.src_uri
        return markdown

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.block_errors.errors:
            raise PluginError("policy blocks with errors:\n" + "\n".join(self.block_errors.errors))

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.folder))
        return server
