"""Photos: one image policy for check, build and audit (which files are photos, how large they may be),
re-encoded without metadata into the variants the pages show, and kept in a cache by their content."""
