"""What a reader downloads for a first search, measured in Chromium with a cold cache.

    .venv/bin/python benchmarks/search_payload.py SITE_DIR SITE_CONFIG

SITE_DIR is a built site, SITE_CONFIG the configuration of its sources (``benchmarks/corpus.py`` writes
one): the queries are taken from its records (see :func:`queries`). For each query a fresh browser
context opens the search page, then the query is typed; every response from then on until the results
show is counted (bytes received, headers included, as Chromium's network log reports them:
``Network.loadingFinished`` ``encodedDataLength``). Prints one JSON line per query and the worst case.
``benchmarks/scale.py`` calls :func:`measure` on its sites.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LONGEST = 16


def queries(config: Path, samples: int = 4) -> dict[str, list[str]]:
    """Queries of up to 16 characters by kind, from ``samples`` nominees spread over the site: names (whole
    and the last two characters), words of a unit, whole unit names, phrases from the deeds (start, middle
    and across a comma), and words on every notice."""
    from generator.records.loader import load_site

    site = load_site(config)
    nominees = [nom for notice in site.records.notices.values() for nom in notice.nominees]
    picked = [nominees[i * (len(nominees) - 1) // max(1, samples - 1)] for i in range(samples)]
    out: dict[str, list[str]] = {"name": [], "unit word": [], "whole unit": [], "deed phrase": [],
                                 "common word": ["有限公司", "分公司", "青澜示例", "公示", "劳动模范", "青澜 有限公司"]}
    for nom in picked:
        out["name"].append(nom.name[:LONGEST])
        out["name"].append(nom.name[-2:])  # the given name alone, in the middle of other runs
        out["unit word"].append(nom.unit.removeprefix("青澜示例").split("有限公司")[0])
        out["whole unit"].append(nom.unit[:LONGEST])
        deeds = nom.brief_deeds
        middle = len(deeds) // 2
        comma = deeds.find("，", 8)
        out["deed phrase"] += [deeds[:LONGEST], deeds[middle:middle + LONGEST],
                               deeds[max(0, comma - 8):comma + 8] if comma > 0 else deeds[-LONGEST:]]
    return {kind: list(dict.fromkeys(found)) for kind, found in out.items()}


def measure(site: Path, terms: list[str]) -> dict[str, dict]:
    """Per query: bytes received after typing it (all responses, headers included), the number of
    responses, of results shown and the count the page states."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu",
                                              "--disable-background-networking"])
            for term in terms:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "search/", wait_until="networkidle")
                cdp = context.new_cdp_session(page)
                received: list[int] = []
                body: list[int] = []
                cdp.on("Network.loadingFinished", lambda e: received.append(int(e["encodedDataLength"])))
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                page.on("response", lambda r: body.append(len(r.body())))
                page.fill("#gs-search-q", term)
                page.wait_for_function("(s => s && s.textContent && !s.textContent.includes('正在'))"
                                       "(document.querySelector('.gs-search-status'))", timeout=120000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(200)
                status = page.inner_text(".gs-search-status")
                results = page.eval_on_selector_all(".gs-result", "els => els.length")
                out[term] = {"bytes": sum(received), "body_bytes": sum(body), "files": len(received),
                             "results": results, "status": status}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("config", type=Path)
    args = parser.parse_args()
    kinds = queries(args.config)
    found = measure(args.site, [t for terms in kinds.values() for t in terms])
    for kind, terms in kinds.items():
        for term in terms:
            print(json.dumps({"kind": kind, "query": term, **found[term]}, ensure_ascii=False), flush=True)
    worst = max(found, key=lambda t: found[t]["bytes"])
    print(json.dumps({"worst_query": worst, "worst_kb": round(found[worst]["bytes"] / 1024, 1)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
