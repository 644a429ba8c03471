"""The public site as data, engine-agnostic: views of the notices at the build's moment, the pages gongshi
writes (HTML fragments), the files (notice.json, period.ics, feeds, the search index) and the decorations of
Markdown pages. Each output is kept with the sources it read and rendered again only when one changed."""
