"""The record types a clerk writes: campaigns, notices, nominees and their parts.

Field names are English (stable for software); values such as names, units,
gender and personnel category are written as on the submission forms. The
clerk's guide is ``content/records.md``; ``gongshi schema`` exports these
definitions as JSON Schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from generator.base.i18n import N_, _, listing
from generator.model.private import PRIVATE_FIELDS
from generator.records.schema import Field, Record

GENDERS = ("男", "女")
LEVELS = ("unit", "district", "city")
AWARD_KINDS = ("individual", "collective")
#: 人员结构 of the submission forms; the structure rules of a campaign count these.
CATEGORIES = ("一线工人", "专业技术人员", "企业负责人", "企业管理人员", "农民", "农民工", "机关事业单位人员", "其他")
UNIT_TYPES = ("企业", "机关", "事业单位", "社会组织", "农村", "其他")
CORRECTION_ACTIONS = ("withdrawn", "replaced", "amended", "added", "note", "minor")
OUTCOME_RESULTS = ("no-objection", "adjusted")
#: the engines a site may name (generator/engines/)
ENGINES = ("mkdocs", "properdocs")


def _text(name: str, doc: str, required: bool = False, example: str | None = None) -> Field:
    return Field(name, "text", doc, required=required, example=example)


CONTACT = Record(N_("contact"), N_("a person who receives objections"), (
    _text("name", N_("name as printed, e.g. 林老师"), required=True),
    Field("phone", "phone", N_("phone number in quotes"), example="0000-1234567"),
    _text("role", N_("department or role")),
))

IN_PERSON = Record(N_("in_person"), N_("where and when objections are received in person"), (
    _text("address", N_("address of the reception office"), required=True),
    _text("hours", N_("reception hours, e.g. 工作日 9:00—11:30，14:00—17:00"), required=True),
))

CHANNEL = Record(N_("channel"), N_("one office that receives objections (受理部门) and how to reach it"), (
    _text("office", N_("the receiving office, e.g. 市总工会劳动和经济工作部"), required=True),
    Field("contacts", "list", N_("contact persons"), item=CONTACT),
    Field("phones", "list", N_("phone numbers of the office"),
          item=Field("phone", "phone", N_("phone number in quotes"))),
    Field("fax", "phone", N_("fax number in quotes")),
    Field("email", "email", N_("e-mail address for objections")),
    _text("address", N_("postal address for letters")),
    Field("postcode", "postcode", N_("postcode of the postal address, six digits in quotes"), example="999001"),
    Field("in_person", "record", N_("reception in person"), record=IN_PERSON),
))

OBJECTION_RULES = Record(N_("objection_rules"), N_("rules for objections printed on the notice"), (
    Field("real_name", "bool", N_("objections must give the objector's real name (实名)")),
    Field("postmark", "bool", N_("letters count by postmark date (以邮戳为准)")),
    Field("confidential", "bool", N_("the objector's identity is kept confidential")),
    Field("notes", "list", N_("further rules, one sentence each"), item=_text("note", N_("one rule"))),
))

#: the kind of a private field, when it is not plain text
PRIVATE_KINDS = {"id_number": "id_number"}

PRIVATE = Record(N_("private"), N_("data used only for checks, never published"), tuple(
    Field(name, PRIVATE_KINDS.get(name, "text"), doc, secret=True) for name, doc in PRIVATE_FIELDS.items()
))

NOMINEE = Record(N_("nominee"), N_("an individual or collective on the list (推荐人选)"), (
    Field("from", "text", N_("the same nominee in the notice of the level below, as notice-id/nominee-id: their "
                             "record is taken from there, and only the fields given here replace its values"),
          example="2024-district-model-workers/lin-xiaowen"),
    Field("id", "id", N_("stable id, unique in the notice; used in the URL"), required=True, example="lin-xiaowen"),
    Field("award", "ref", N_("id of the award in the campaign"), required=True, example="model-worker"),
    _text("name", N_("name of the person, or full name of the collective (单位/车间/班组)"), required=True),
    Field("gender", "enum", N_("性别 (individuals)"), choices=GENDERS),
    _text("ethnicity", N_("民族, e.g. 汉族")),
    _text("political_status", N_("政治面貌, e.g. 中共党员")),
    _text("unit", N_("工作单位 (individuals), or the parent unit of a workshop or team")),
    _text("position", N_("职务")),
    _text("rank", N_("职级, e.g. 副处级 (for rank rules)")),
    _text("professional_title", N_("职称")),
    _text("title_level", N_("职称级别, e.g. 高级")),
    _text("skill_level", N_("技术等级, e.g. 高级技师")),
    Field("unit_type", "enum", N_("单位类型"), choices=UNIT_TYPES),
    _text("unit_nature", N_("单位性质, e.g. 国有企业, 民营企业")),
    Field("category", "enum", N_("人员结构 (individuals)"), choices=CATEGORIES),
    _text("region", N_("district or system the nominee belongs to (区县/系统)")),
    _text("legal_representative", N_("法人代表 (collectives)")),
    Field("staff_count", "int", N_("单位人数 (collectives)")),
    _text("highest_honour", N_("曾获最高荣誉")),
    _text("brief_deeds", N_("简要事迹, within the campaign's limit (default 500 characters)"), required=True),
    Field("photo", "path", N_("photo file, relative to this YAML file")),
    _text("photo_alt", N_("what the photo shows (required with a photo)")),
    Field("figure", "id", N_("id of a featured-figure profile in content/figures/")),
    _text("remarks", N_("备注")),
    Field("private", "record", N_("private data: never published"), record=PRIVATE),
), allows_private=True, carried_by="from")

CORRECTION = Record(N_("correction"), N_("a dated change to the list; history is never rewritten"), (
    Field("date", "date", N_("day of the correction"), required=True),
    Field("action", "enum", N_("what happened"), required=True, choices=CORRECTION_ACTIONS),
    Field("nominee", "id", N_("id of the nominee concerned")),
    Field("replaced_by", "id", N_("id of the nominee who replaces them (action: replaced)")),
    _text("text", N_("the correction as published"), required=True),
))

OUTCOME = Record(N_("outcome"), N_("the result after the period"), (
    Field("date", "date", N_("day the outcome was published"), required=True),
    Field("result", "enum", N_("no-objection (公示无异议) or adjusted"), required=True, choices=OUTCOME_RESULTS),
    _text("text", N_("the outcome as published")),
))

WITHDRAWAL = Record(N_("withdrawal"), N_("the whole notice was withdrawn"), (
    Field("date", "date", N_("day of withdrawal"), required=True),
    _text("reason", N_("why, as published"), required=True),
))

CONDITION = Record(N_("condition"), N_("a test on one field of a nominee"), (
    _text("field", N_("a nominee field (award, category, gender, ethnicity, region, unit_type, unit_nature, rank, …) "
                   "or private.<name> for a private field"), required=True),
    Field("in", "list", N_("the field's value is one of these"), item=_text("value", N_("a value"))),
    Field("not_in", "list", N_("the field's value is none of these"), item=_text("value", N_("a value"))),
    _text("at_least", N_("the value is this rank or higher, in the order of the campaign's `ranks`")),
))

RULE = Record(N_("rule"), N_("a nomination rule of the campaign (结构比例, 名额, 资格)"), (
    _text("label", N_("the rule as the clerk knows it, e.g. 一线工人和专业技术人员不低于65%"), required=True),
    Field("type", "enum", N_("share (a share within a population), quota (a limit per value of a field) or "
                          "exclude (who may not be nominated)"), required=True, choices=("share", "quota", "exclude")),
    Field("severity", "enum", N_("error blocks publishing; warning informs (default error)"),
          choices=("error", "warning")),
    Field("scope", "enum", N_("notice (each notice, default) or campaign (all notices of the campaign at `level`)"),
          choices=("notice", "campaign")),
    Field("level", "enum", N_("with scope campaign: which notices to pool"), choices=LEVELS),
    Field("of", "list", N_("the population: nominees meeting every condition (default: all)"), item=CONDITION),
    _text("population_label", N_("how the population is called in messages, e.g. 企业职工人选")),
    Field("count", "list", N_("share: the nominees counted, meeting every condition"), item=CONDITION),
    _text("min", N_("share: lowest allowed share, e.g. 65% or 1/3")),
    _text("max", N_("share: highest allowed share, e.g. 15%")),
    _text("field", N_("quota: the field the limits are per, e.g. region")),
    Field("limits", "map", N_("quota: the most nominees per value"), item=Field("limit", "int", N_("a number"))),
    Field("where", "list", N_("exclude: nominees meeting every condition are not eligible"), item=CONDITION),
))

AWARD = Record(N_("award"), N_("an award title given in the campaign (称号)"), (
    Field("id", "id", N_("stable id used by nominees"), required=True, example="model-worker"),
    _text("name", N_("the title, e.g. 劳动模范"), required=True),
    Field("kind", "enum", N_("individual or collective"), required=True, choices=AWARD_KINDS),
))

LEVEL = Record(N_("level"), N_("one level of the campaign's notices, lowest first"), (
    Field("level", "enum", N_("unit, district (区县/系统) or city"), required=True, choices=LEVELS),
    Field("min_working_days", "int", N_("shortest notice period at this level in working days (default: the "
                                        "campaign's)")),
))

HELD_ELSEWHERE = Record(N_("held_elsewhere"), N_("a notice of the level below held outside this site (e.g. on a "
                                                 "unit's notice board), on which nominees of this list rest"), (
    Field("level", "enum", N_("the level of that notice (the level below this notice's)"), required=True,
          choices=LEVELS),
    _text("issuer", N_("who published it"), required=True),
    _text("document_number", N_("its 文号, if it had one")),
    Field("start", "date", N_("first day of its period"), required=True),
    Field("end", "date", N_("last day of its period (inclusive)"), required=True),
    _text("posted_at", N_("where it was posted, e.g. 单位公告栏及内部网站"), required=True),
    _text("outcome", N_("its result, e.g. 公示无异议")),
    Field("nominees", "list", N_("ids of the nominees of this list it covers (default: every nominee not carried "
                                 "with `from:` from a notice of that level)"),
          item=Field("nominee", "id", N_("a nominee id"))),
))

CAMPAIGN = Record(N_("campaign"), N_("a campaign of awards (评选表彰活动)"), (
    Field("id", "id", N_("stable id"), required=True, example="2024-model-workers"),
    _text("title", N_("name of the campaign"), required=True),
    Field("year", "int", N_("year of the campaign"), required=True),
    _text("organizer", N_("who runs it"), required=True),
    Field("awards", "list", N_("award titles"), required=True, item=AWARD),
    Field("regions", "list", N_("districts and systems nominees may belong to"), item=_text("region", N_("a region"))),
    Field("min_working_days", "int", N_("shortest notice period in working days (default 5)")),
    Field("levels", "list", N_("the levels a nominee is noticed at, lowest first (default: unit, district, city)"),
          item=LEVEL),
    Field("brief_deeds_limit", "int", N_("longest brief deeds in characters (default 500)")),
    Field("default_channels", "list", N_("objection channels used by notices that give none"), item=CHANNEL),
    Field("ranks", "list", N_("rank order, lowest first, for `at_least` conditions (e.g. 科级, 副处级, 正处级, 副局级)"),
          item=_text("rank", N_("a rank"))),
    Field("rules", "list", N_("structure ratios, quotas and eligibility"), item=RULE),
    _text("description", N_("what the campaign is")),
))

NOTICE = Record(N_("notice"), N_("one public notice (公示) of a list of nominees"), (
    Field("id", "id", N_("stable id; the notice's URL and feed id derive from it"), required=True,
          example="2024-city-model-workers"),
    Field("campaign", "id", N_("id of the campaign"), required=True),
    _text("title", N_("title as published"), required=True),
    _text("issuer", N_("who publishes it (发布单位)"), required=True),
    _text("document_number", N_("文号, e.g. 青工发〔2024〕12号")),
    Field("level", "enum", N_("unit, district (区县/系统) or city"), required=True, choices=LEVELS),
    _text("region", N_("area the notice covers")),
    Field("published", "date", N_("day of publication (default: the start)")),
    Field("start", "date", N_("first day of the period"), required=True),
    Field("end", "date", N_("last day of the period (inclusive)"), required=True),
    Field("closing_time", "time", N_("time the last day closes, in quotes, e.g. \"17:30\""), example="17:30"),
    _text("intro", N_("opening paragraph")),
    Field("channels", "list", N_("objection channels (default: the campaign's)"), item=CHANNEL),
    Field("objection_rules", "record", N_("rules for objections"), record=OBJECTION_RULES),
    Field("nominees", "list", N_("the list"), required=True, item=NOMINEE),
    Field("corrections", "list", N_("dated corrections"), item=CORRECTION),
    Field("outcome", "record", N_("result after the period"), record=OUTCOME),
    Field("withdrawn", "record", N_("set when the whole notice is withdrawn"), record=WITHDRAWAL),
    Field("held_elsewhere", "list", N_("notices of the level below held outside this site, for nominees not "
                                       "carried with `from:`"), item=HELD_ELSEWHERE),
))

DECLARED_YEAR = Record(N_("declared_year"), N_("a year's official holidays and make-up working days"), (
    Field("holidays", "list", N_("public holidays (not working days)"), item=Field("day", "date", N_("a day"))),
    Field("workdays", "list", N_("make-up working days on weekends (调休上班)"), item=Field("day", "date", N_("a day"))),
))

FEEDS = Record(N_("feeds"), N_("news feeds"), (
    Field("tag_date", "date",
          N_("a day on which the site's owner held its domain; part of every feed id, never change it"),
          required=True),
    Field("retention_days", "int", N_("days an item stays in the feeds after its notice ends or last changes "
                                   "(default 365)")),
    Field("max_items", "int", N_("the most items one feed holds, newest change first (default 20); older notices "
                              "stay on the site")),
    Field("max_kb", "int", N_("the largest a feed file may be, in KB (default 1000): the oldest items are shortened "
                           "to fit, then left out; each notice keeps its complete notice.json")),
))

ISSUER = Record(N_("issuer"), N_("who runs the site: shown in the header and the footer of every page"), (
    _text("name", N_("the issuer's name as printed, e.g. 青澜市总工会"), required=True),
    Field("emblem", "path", N_("the issuer's emblem, a square PNG of 200 to 1200 pixels, relative to site_config.yml; "
                               "shown in the header and when a page without a photo is shared")),
    _text("emblem_alt", N_("what the emblem shows (required with an emblem), e.g. 青澜市总工会会徽")),
    _text("address", N_("postal address shown in the footer")),
    Field("phone", "phone", N_("phone number shown in the footer, in quotes"), example="0000-1234567"),
    Field("email", "email", N_("e-mail address shown in the footer")),
    _text("icp", N_("ICP filing number (ICP备案号) shown in the footer, e.g. 京ICP备12345678号"),
          example="示ICP备00000000号"),
    _text("police", N_("public security filing number (公安备案号) shown in the footer, e.g. 京公网安备11010502000001号"),
          example="示公网安备00000000000000号"),
))

PALETTE = Record(N_("palette"), N_("the site's colours, each as #RRGGBB"), (
    _text("primary", N_("colour of the header bar and the footer (default #8b1a1a, a sober dark red)"),
          example="#8b1a1a"),
    _text("accent", N_("colour of links and buttons (default #0b4f8a)"), example="#0b4f8a"),
))

OPTIONS = Record("gongshi", N_("options of the gongshi plugin in site_config.yml"), (
    Field("notices_dir", "path", N_("folder of the YAML records (default: notices)")),
    Field("engine", "enum", N_("the engine that renders the pages around gongshi's (default: mkdocs)"),
          choices=ENGINES),
    Field("feeds", "record", N_("news feeds"), record=FEEDS, required=True),
    Field("calendar", "map", N_("holidays of years the official calendar library does not know yet, by year"),
          item=DECLARED_YEAR),
    Field("issuer", "record", N_("who runs the site: name, emblem, contact and filing numbers"), record=ISSUER),
    Field("palette", "record", N_("the site's colours"), record=PALETTE),
))

FIGURE = Record(N_("figure"), N_("front matter of a featured-figure profile (content/figures/<id>.md)"), (
    _text("name", N_("the person's name"), required=True),
    Field("photo", "path", N_("portrait, relative to this Markdown file")),
    _text("photo_alt", N_("what the portrait shows (required with a photo)")),
    _text("unit", N_("工作单位")),
    _text("position", N_("职务")),
    Field("honours", "list", N_("honours, most important first"), item=_text("honour", N_("an honour"))),
    _text("quote", N_("a sentence of theirs shown on the profile")),
    Field("nominees", "list", N_("their nominee entries as notice-id/nominee-id"),
          item=Field("nominee", "text", N_("notice-id/nominee-id"))),
    _text("title", N_("page title (default: the name)")),
    _text("description", N_("summary for sharing (default: the quote)")),
))

STORY = Record(N_("story"), N_("front matter of a feature story (content/stories/posts/*.md)"), (
    Field("date", "date", N_("publication day"), required=True),
    _text("title", N_("headline"), required=True),
    _text("description", N_("summary shown on the home page, in feeds and when shared"), required=True),
    Field("authors", "list", N_("author ids from content/stories/.authors.yml"), required=True,
          item=_text("author", N_("an author id"))),
    Field("categories", "list", N_("categories"), item=_text("category", N_("a category"))),
    Field("slug", "id", N_("the story's id and URL part"), required=True),
    Field("cover", "path", N_("cover image, relative to this Markdown file")),
    _text("cover_alt", N_("what the cover shows (required with a cover)")),
    Field("figures", "list", N_("ids of the figures the story is about"),
          item=Field("figure", "id", N_("a figure id"))),
    Field("notices", "list", N_("ids of related notices"), item=Field("notice", "id", N_("a notice id"))),
    Field("draft", "bool", N_("true keeps the story off the site")),
    Field("pin", "bool", N_("pin the story to the top of the stories index")),
))

def unknown_award(value: str, awards: Iterable[Mapping[str, Any]]) -> str:
    """The message for a nominee's ``award`` that is not the id of an award of its campaign: the title of an
    award written instead of its id is answered with that id; every award is listed with its title."""
    known = sorted((a["id"], a.get("name", "")) for a in awards if a.get("id"))
    listed = listing(_("{id} ({name})").format(id=aid, name=name) if name else aid for aid, name in known)
    for aid, name in known:
        if name and name == value.strip():
            return _("use the id `{id}` of {name}, not its title: `award: {id}`; the campaign's awards are: "
                     "{awards}").format(id=aid, name=name, awards=listed)
    return _("unknown award '{award}'; the campaign's awards are: {awards}").format(award=value, awards=listed)


#: The top-level key of a record file and its type.
FILE_TYPES = {"campaign": CAMPAIGN, "notice": NOTICE}
