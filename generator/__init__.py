"""gongshi: public-notice websites and news feeds for award nominations.

The folders are the stages a record goes through, each importing only the ones before it:
``base`` (errors, messages, dates, caches, the map over every core, recorded dependencies) →
``model`` (the public and the private objects) → ``media`` (photos) → ``records`` (site_config.yml and the
YAML records read, checked and made public; the Markdown content beside them) → ``site`` (the pages, files
and feeds made from them, engine-agnostic) → ``output`` (a build: compared with the last one, written beside
the published site, audited, exchanged with it) → ``engines`` (MkDocs or ProperDocs, behind the one door of
:mod:`generator.output.engine`) → ``cli``.
"""

__version__ = "0.1.0"
