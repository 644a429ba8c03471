"""gongshi's theme (mkdocs-material overrides: templates, styles, scripts), shipped in the package as
``generator.theme``; a site's own ``theme/`` folder overrides any of its files."""
