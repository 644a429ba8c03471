"""The generated HTML around pages written in Markdown: a featured figure's profile gets its photo and the
nominations and stories that name the figure; a story gets its cover, and the figures and notices it is
about. Each decoration is kept with the sources it read (:class:`generator.base.deps.Memo`)."""

from __future__ import annotations

from generator.base.deps import Memo, read
from generator.records.content import Content, Figure, Story
from generator.site.outputs import Decoration
from generator.site.render import Renderer
from generator.site.views import NoticeView


def decorations(content: Content, all_views: list[NoticeView], r: Renderer, memo: Memo) -> dict[str, Decoration]:
    """The decoration of every figure's profile and every story, by the page's source address."""
    by_notice = {v.id: v for v in all_views}

    def figure(f: Figure) -> Decoration:
        read(f"figure:{f.id}")
        read("stories:")  # the stories it lists
        read("notices:")  # the public notices (a nomination shows once its notice is public)
        entries = [(by_notice[n], nv) for n, nid in f.nominees if n in by_notice
                   for nv in by_notice[n].nominees if nv.nominee.id == nid]
        stories = [s for s in content.stories if f.id in s.figures]
        here = f.src_uri
        return Decoration(here, r.fragment("figure_header.html", here, f=f),
                          r.fragment("figure_footer.html", here, entries=entries, stories=stories),
                          f.name, f.description or f.quote or f"{f.name}，{f.unit or ''}{f.position or ''}",
                          r.shared_image(f.photo, f.photo_alt))

    def story(s: Story) -> Decoration:
        read(f"story:{s.src_uri}")
        read("notices:")
        here = f"{s.url}index.md"  # where the blog plugin puts the post
        figures = [f for f in map(r.figure, s.figures) if f is not None]
        notices = [by_notice[i] for i in s.notices if i in by_notice]
        return Decoration(s.src_uri, r.fragment("story_header.html", here, s=s),
                          r.fragment("story_footer.html", here, figures=figures, notices=notices),
                          None, s.description, r.shared_image(s.cover, s.cover_alt),
                          r.fragment("story_excerpt.html", here, s=s, root=r.from_root))

    figures = list(content.figures.values())
    out = dict(zip((f.src_uri for f in figures),
                   memo.fetch_each([f"figure:{f.src_uri}" for f in figures], figure, figures, cores=False)))
    out |= dict(zip((s.src_uri for s in content.stories),
                    memo.fetch_each([f"story:{s.src_uri}" for s in content.stories], story, list(content.stories),
                                   cores=False)))
    return out
