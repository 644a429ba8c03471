"""A deterministic, realistic site of N nominees, M figures with photos and S stories.

    .venv/bin/python benchmarks/corpus.py OUT_DIR --nominees 20000 --figures 500 --stories 200

Individuals and collectives with Chinese names, units and brief deeds of
realistic length (about 200–400 characters), spread over campaigns of
notices of about 100 nominees each at three levels; figures with generated
portraits (900×1200) and stories with covers. The same arguments always
write the same files (a seeded generator), so runs can be compared.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "明华建国秀英志强丽娟海燕文军玉兰春梅晓东红霞永刚桂芳德福云峰静怡思远佳宁浩然雨欣子涵"
REGIONS = ["澜东区", "澜西区", "鹤川区", "松屿县", "青澜高新区", "市直机关", "市属企业"]
INDUSTRY = ["精密机械", "电力", "物流", "食品", "纺织", "建工", "水务", "公交", "港务", "制药", "半导体", "智能装备"]
POSITIONS = ["班组长", "技术员", "工程师", "车间主任", "驾驶员", "质检员", "护士长", "教师", "民警", "研发主管"]
CATEGORIES = [("一线工人", "企业"), ("专业技术人员", "企业"), ("农民工", "企业"), ("企业管理人员", "企业"),
              ("农民", "农村"), ("机关事业单位人员", "事业单位")]
DEEDS = ["扎根一线{n}年，牵头攻克关键技术难题{k}项，使产品合格率提高到百分之九十九以上；",
         "创建职工创新工作室，带出高级技师{k}名，累计提出合理化建议{n}项；",
         "坚持安全生产，连续{n}年无责任事故，总结的工作法在全系统推广；",
         "服务群众{n}万人次，群众满意率保持在百分之九十八以上；",
         "带领团队完成重点工程{k}项，为企业节约成本{n}百万元；"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _deeds(rng: random.Random, length: int) -> str:
    text = ""
    while len(text) < length:
        text += rng.choice(DEEDS).format(n=rng.randint(3, 30), k=rng.randint(2, 15))
    return text[:length].rstrip("；，") + "。"


def _check_digit(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def nominee(rng: random.Random, index: int, collective: bool) -> dict:
    region = rng.choice(REGIONS)
    unit = f"青澜示例{rng.choice(INDUSTRY)}有限公司第{rng.randint(1, 40)}分公司"
    if collective:
        return {"id": f"c{index}", "award": "advanced-collective", "name": f"{unit}{rng.choice(['一车间', '运维班组', '服务中心'])}",
                "unit": unit, "unit_type": "企业", "staff_count": rng.randint(8, 300), "region": region,
                "brief_deeds": _deeds(rng, rng.randint(200, 400))}
    category, unit_type = rng.choice(CATEGORIES)
    body = f"999999{1960 + index % 40}{index % 12 + 1:02d}{index % 28 + 1:02d}{index % 1000:03d}"[:17]
    return {"id": f"p{index}", "award": "model-worker" if unit_type != "事业单位" else "advanced-worker",
            "name": _name(rng), "gender": rng.choice("男女"), "ethnicity": rng.choice(["汉族"] * 9 + ["回族"]),
            "unit": unit, "position": rng.choice(POSITIONS), "category": category, "unit_type": unit_type,
            "region": region, "brief_deeds": _deeds(rng, rng.randint(200, 400)),
            "private": {"id_number": body + _check_digit(body), "phone": f"139{index:08d}"}}


def write_corpus(out: Path, nominees: int, figures: int, stories: int, per_notice: int = 100) -> dict[str, int]:
    """Write the site; return what was written (counts)."""
    from portraits import cover, portrait  # the demo's drawing code

    rng = random.Random(20261120)
    notices_dir = out / "notices"
    (out / "content" / "figures").mkdir(parents=True, exist_ok=True)
    (out / "content" / "stories" / "posts").mkdir(parents=True, exist_ok=True)
    notices_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "theme", out / "theme", dirs_exist_ok=True)
    shutil.copytree(ROOT / "branding", out / "branding", dirs_exist_ok=True)  # the issuer's emblem
    (out / "site_config.yml").write_text(
        (ROOT / "site_config.yml").read_text(encoding="utf-8").split("\nnav:")[0] + "\n"
        # like the demo: an explicit navigation; profiles and notices are reached from their index pages
        "nav:\n  - 首页: index.md\n  - 全部公示: notices/index.md\n  - 重点宣传人物: figures/index.md\n"
        "  - 宣传报道: stories/index.md\n  - 订阅源: feeds/index.md\n"
        "validation:\n  omitted_files: info\n  absolute_links: info\n  unrecognized_links: info\n", encoding="utf-8")
    for name in ("index.md",):
        (out / "content" / "stories" / name).write_text("# 宣传报道\n", encoding="utf-8")
    (out / "content" / "stories" / ".authors.yml").write_text(
        (ROOT / "content/stories/.authors.yml").read_text(encoding="utf-8"), encoding="utf-8")
    campaigns = max(1, nominees // 5000)
    written = {"notices": 0, "nominees": 0, "figures": 0, "stories": 0}
    notice_ids: list[tuple[str, list[str]]] = []
    index = 0
    for c in range(campaigns):
        cid = f"campaign-{c:02d}"
        (notices_dir / cid).mkdir(exist_ok=True)
        campaign = {"id": cid, "title": f"青澜市第{c + 1}届劳动模范、先进工作者和先进集体评选表彰", "year": 2026,
                    "organizer": "青澜市总工会", "regions": REGIONS,
                    "awards": [{"id": "model-worker", "name": "青澜市劳动模范", "kind": "individual"},
                               {"id": "advanced-worker", "name": "青澜市先进工作者", "kind": "individual"},
                               {"id": "advanced-collective", "name": "青澜市先进集体", "kind": "collective"}],
                    "default_channels": [{"office": "青澜市总工会劳动和经济工作部", "phones": ["0000-8123456"],
                                          "email": "laomo@qinglan-union.example"}]}
        (notices_dir / cid / "campaign.yml").write_text("campaign: " + json.dumps(campaign, ensure_ascii=False),
                                                       encoding="utf-8")
        share = nominees // campaigns + (nominees % campaigns if c == campaigns - 1 else 0)
        for n in range((share + per_notice - 1) // per_notice):
            count = min(per_notice, share - n * per_notice)
            people = [nominee(rng, index + i, collective=(i % 10 == 9)) for i in range(count)]
            index += count
            nid = f"{cid}-n{n:04d}"
            notice = {"id": nid, "campaign": cid, "title": f"关于青澜市第{c + 1}届评选第{n + 1}批推荐人选的公示",
                      "issuer": "青澜市总工会", "level": ("unit", "district", "city")[n % 3],
                      "start": f"2026-11-0{2 + n % 5}", "end": "2026-11-27",
                      "nominees": people}
            if notice["level"] != "unit":  # the lists rest on lower notices posted outside the site
                notice["held_elsewhere"] = [{"level": "unit" if notice["level"] == "district" else "district",
                                             "issuer": "各推荐单位工会", "start": "2026-10-19", "end": "2026-10-23",
                                             "posted_at": "各推荐单位公告栏"}]
            (notices_dir / cid / f"{nid}.yml").write_text("notice: " + json.dumps(notice, ensure_ascii=False),
                                                         encoding="utf-8")
            notice_ids.append((nid, [p["id"] for p in people]))
            written["notices"] += 1
            written["nominees"] += count
    photos = notices_dir / "photos"
    photos.mkdir(exist_ok=True)
    for f in range(figures):
        nid, people = notice_ids[f % len(notice_ids)]
        fid = f"figure-{f:04d}"
        portrait(fid).save(photos / f"{fid}.jpg", "JPEG", quality=85)
        (out / "content" / "figures" / f"{fid}.md").write_text(
            f"---\nname: {_name(rng)}\nphoto: ../../notices/photos/{fid}.jpg\nphoto_alt: 肖像插画\n"
            f"nominees: [{nid}/{people[0]}]\n---\n\n## 事迹\n\n{_deeds(rng, 1500)}\n", encoding="utf-8")
        written["figures"] += 1
    covers = out / "content" / "stories" / "covers"
    covers.mkdir(exist_ok=True)
    for s in range(stories):
        slug = f"story-{s:04d}"
        cover(slug).save(covers / f"{slug}.jpg", "JPEG", quality=85)
        (out / "content" / "stories" / "posts" / f"{slug}.md").write_text(
            f"---\ndate: 2026-11-{1 + s % 19:02d}\ntitle: 第{s + 1}篇报道\ndescription: {_deeds(rng, 60)}\n"
            f"authors: [qinglan-press]\ncategories: [人物故事]\nslug: {slug}\ncover: ../covers/{slug}.jpg\n"
            f"cover_alt: 封面插画\n---\n\n{_deeds(rng, 1200)}\n", encoding="utf-8")
        written["stories"] += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--nominees", type=int, default=1000)
    parser.add_argument("--figures", type=int, default=0)
    parser.add_argument("--stories", type=int, default=0)
    args = parser.parse_args()
    print(json.dumps(write_corpus(args.out, args.nominees, args.figures, args.stories)))


if __name__ == "__main__":
    main()
