"""The record types a clerk writes: campaigns, notices, nominees and their parts.

Field names are English (stable for software); values such as names, units,
gender and personnel category are written as on the submission forms. The
clerk's guide is ``content/records.md``; ``gongshi schema`` exports these
definitions as JSON Schema.
"""

from __future__ import annotations

from .privacy import PRIVATE_FIELDS
from .schema import Field, Record

GENDERS = ("男", "女")
LEVELS = ("unit", "district", "city")
LEVEL_NAMES = {"unit": "单位公示", "district": "区县（系统）公示", "city": "全市公示"}
AWARD_KINDS = ("individual", "collective")
#: 人员结构 of the submission forms; the structure rules of a campaign count these.
CATEGORIES = ("一线工人", "专业技术人员", "企业负责人", "企业管理人员", "农民", "农民工", "机关事业单位人员", "其他")
UNIT_TYPES = ("企业", "机关", "事业单位", "社会组织", "农村", "其他")
CORRECTION_ACTIONS = ("withdrawn", "replaced", "amended", "added", "note")
OUTCOME_RESULTS = ("no-objection", "adjusted")


def _text(name: str, doc: str, required: bool = False, example: str | None = None) -> Field:
    return Field(name, "text", doc, required=required, example=example)


CONTACT = Record("contact", "a person who receives objections", (
    _text("name", "name as printed, e.g. 林老师", required=True),
    Field("phone", "phone", "phone number in quotes", example="0000-1234567"),
    _text("role", "department or role"),
))

IN_PERSON = Record("in_person", "where and when objections are received in person", (
    _text("address", "address of the reception office", required=True),
    _text("hours", "reception hours, e.g. 工作日 9:00—11:30，14:00—17:00", required=True),
))

CHANNEL = Record("channel", "one office that receives objections (受理部门) and how to reach it", (
    _text("office", "the receiving office, e.g. 市总工会劳动和经济工作部", required=True),
    Field("contacts", "list", "contact persons", item=CONTACT),
    Field("phones", "list", "phone numbers of the office", item=Field("phone", "phone", "phone number in quotes")),
    Field("fax", "phone", "fax number in quotes"),
    Field("email", "email", "e-mail address for objections"),
    _text("address", "postal address for letters"),
    Field("postcode", "postcode", "postcode of the postal address, six digits in quotes", example="999001"),
    Field("in_person", "record", "reception in person", record=IN_PERSON),
))

OBJECTION_RULES = Record("objection_rules", "rules for objections printed on the notice", (
    Field("real_name", "bool", "objections must give the objector's real name (实名)"),
    Field("postmark", "bool", "letters count by postmark date (以邮戳为准)"),
    Field("confidential", "bool", "the objector's identity is kept confidential"),
    Field("notes", "list", "further rules, one sentence each", item=_text("note", "one rule")),
))

PRIVATE = Record("private", "data used only for checks, never published", tuple(
    Field(name, "text", doc, secret=True) for name, doc in PRIVATE_FIELDS.items()
))

NOMINEE = Record("nominee", "an individual or collective on the list (推荐人选)", (
    Field("id", "id", "stable id, unique in the notice; used in the URL", required=True, example="lin-xiaowen"),
    Field("award", "id", "id of the award in the campaign", required=True, example="model-worker"),
    _text("name", "name of the person, or full name of the collective (单位/车间/班组)", required=True),
    Field("gender", "enum", "性别 (individuals)", choices=GENDERS),
    _text("ethnicity", "民族, e.g. 汉族"),
    _text("political_status", "政治面貌, e.g. 中共党员"),
    _text("unit", "工作单位 (individuals), or the parent unit of a workshop or team"),
    _text("position", "职务"),
    _text("rank", "职级, e.g. 副处级 (for rank rules)"),
    _text("professional_title", "职称"),
    _text("title_level", "职称级别, e.g. 高级"),
    _text("skill_level", "技术等级, e.g. 高级技师"),
    Field("unit_type", "enum", "单位类型", choices=UNIT_TYPES),
    _text("unit_nature", "单位性质, e.g. 国有企业, 民营企业"),
    Field("category", "enum", "人员结构 (individuals)", choices=CATEGORIES),
    _text("region", "district or system the nominee belongs to (区县/系统)"),
    _text("legal_representative", "法人代表 (collectives)"),
    Field("staff_count", "int", "单位人数 (collectives)"),
    _text("highest_honour", "曾获最高荣誉"),
    _text("brief_deeds", "简要事迹, within the campaign's limit (default 500 characters)", required=True),
    Field("photo", "path", "photo file, relative to this YAML file"),
    _text("photo_alt", "what the photo shows (required with a photo)"),
    Field("figure", "id", "id of a featured-figure profile in content/figures/"),
    _text("remarks", "备注"),
    Field("private", "record", "private data: never published", record=PRIVATE),
), allows_private=True)

CORRECTION = Record("correction", "a dated change to the list; history is never rewritten", (
    Field("date", "date", "day of the correction", required=True),
    Field("action", "enum", "what happened", required=True, choices=CORRECTION_ACTIONS),
    Field("nominee", "id", "id of the nominee concerned"),
    Field("replaced_by", "id", "id of the nominee who replaces them (action: replaced)"),
    _text("text", "the correction as published", required=True),
))

OUTCOME = Record("outcome", "the result after the period", (
    Field("date", "date", "day the outcome was published", required=True),
    Field("result", "enum", "no-objection (公示无异议) or adjusted", required=True, choices=OUTCOME_RESULTS),
    _text("text", "the outcome as published"),
))

WITHDRAWAL = Record("withdrawal", "the whole notice was withdrawn", (
    Field("date", "date", "day of withdrawal", required=True),
    _text("reason", "why, as published", required=True),
))

CONDITION = Record("condition", "a test on one field of a nominee", (
    _text("field", "a nominee field (award, category, gender, ethnicity, region, unit_type, unit_nature, rank, …) "
                   "or private.<name> for a private field", required=True),
    Field("in", "list", "the field's value is one of these", item=_text("value", "a value")),
    Field("not_in", "list", "the field's value is none of these", item=_text("value", "a value")),
    _text("at_least", "the value is this rank or higher, in the order of the campaign's `ranks`"),
))

RULE = Record("rule", "a nomination rule of the campaign (结构比例, 名额, 资格)", (
    _text("label", "the rule as the clerk knows it, e.g. 一线工人和专业技术人员不低于65%", required=True),
    Field("type", "enum", "share (a share within a population), quota (a limit per value of a field) or "
                          "exclude (who may not be nominated)", required=True, choices=("share", "quota", "exclude")),
    Field("severity", "enum", "error blocks publishing; warning informs (default error)",
          choices=("error", "warning")),
    Field("scope", "enum", "notice (each notice, default) or campaign (all notices of the campaign at `level`)",
          choices=("notice", "campaign")),
    Field("level", "enum", "with scope campaign: which notices to pool", choices=LEVELS),
    Field("of", "list", "the population: nominees meeting every condition (default: all)", item=CONDITION),
    _text("population_label", "how the population is called in messages, e.g. 企业职工人选"),
    Field("count", "list", "share: the nominees counted, meeting every condition", item=CONDITION),
    _text("min", "share: lowest allowed share, e.g. 65% or 1/3"),
    _text("max", "share: highest allowed share, e.g. 15%"),
    _text("field", "quota: the field the limits are per, e.g. region"),
    Field("limits", "map", "quota: the most nominees per value", item=Field("limit", "int", "a number")),
    Field("where", "list", "exclude: nominees meeting every condition are not eligible", item=CONDITION),
))

AWARD = Record("award", "an award title given in the campaign (称号)", (
    Field("id", "id", "stable id used by nominees", required=True, example="model-worker"),
    _text("name", "the title, e.g. 劳动模范", required=True),
    Field("kind", "enum", "individual or collective", required=True, choices=AWARD_KINDS),
))

CAMPAIGN = Record("campaign", "a campaign of awards (评选表彰活动)", (
    Field("id", "id", "stable id", required=True, example="2024-model-workers"),
    _text("title", "name of the campaign", required=True),
    Field("year", "int", "year of the campaign", required=True),
    _text("organizer", "who runs it", required=True),
    Field("awards", "list", "award titles", required=True, item=AWARD),
    Field("regions", "list", "districts and systems nominees may belong to", item=_text("region", "a region")),
    Field("min_working_days", "int", "shortest notice period in working days (default 5)"),
    Field("brief_deeds_limit", "int", "longest brief deeds in characters (default 500)"),
    Field("default_channels", "list", "objection channels used by notices that give none", item=CHANNEL),
    Field("ranks", "list", "rank order, lowest first, for `at_least` conditions (e.g. 科级, 副处级, 正处级, 副局级)",
          item=_text("rank", "a rank")),
    Field("rules", "list", "structure ratios, quotas and eligibility", item=RULE),
    _text("description", "what the campaign is"),
))

NOTICE = Record("notice", "one public notice (公示) of a list of nominees", (
    Field("id", "id", "stable id; the notice's URL and feed id derive from it", required=True,
          example="2024-city-model-workers"),
    Field("campaign", "id", "id of the campaign", required=True),
    _text("title", "title as published", required=True),
    _text("issuer", "who publishes it (发布单位)", required=True),
    _text("document_number", "文号, e.g. 青工发〔2024〕12号"),
    Field("level", "enum", "unit, district (区县/系统) or city", required=True, choices=LEVELS),
    _text("region", "area the notice covers"),
    Field("published", "date", "day of publication (default: the start)"),
    Field("start", "date", "first day of the period", required=True),
    Field("end", "date", "last day of the period (inclusive)", required=True),
    Field("closing_time", "time", "time the last day closes, in quotes, e.g. \"17:30\"", example="17:30"),
    _text("intro", "opening paragraph"),
    Field("channels", "list", "objection channels (default: the campaign's)", item=CHANNEL),
    Field("objection_rules", "record", "rules for objections", record=OBJECTION_RULES),
    Field("nominees", "list", "the list", required=True, item=NOMINEE),
    Field("corrections", "list", "dated corrections", item=CORRECTION),
    Field("outcome", "record", "result after the period", record=OUTCOME),
    Field("withdrawn", "record", "set when the whole notice is withdrawn", record=WITHDRAWAL),
))

DECLARED_YEAR = Record("declared_year", "a year's official holidays and make-up working days", (
    Field("holidays", "list", "public holidays (not working days)", item=Field("day", "date", "a day")),
    Field("workdays", "list", "make-up working days on weekends (调休上班)", item=Field("day", "date", "a day")),
))

FEEDS = Record("feeds", "news feeds", (
    Field("tag_date", "date", "a day on which the site's owner held its domain; part of every feed id, never change it",
          required=True),
    Field("retention_days", "int", "days an item stays in the feeds after its notice ends or last changes "
                                   "(default 365)"),
    Field("max_items", "int", "the most items one feed holds, newest change first (default 20); older notices "
                              "stay on the site"),
))

OPTIONS = Record("gongshi", "options of the gongshi plugin in site_config.yml", (
    Field("notices_dir", "path", "folder of the YAML records (default: notices)"),
    Field("feeds", "record", "news feeds", record=FEEDS, required=True),
    Field("calendar", "map", "holidays of years the official calendar library does not know yet, by year",
          item=DECLARED_YEAR),
))

FIGURE = Record("figure", "front matter of a featured-figure profile (content/figures/<id>.md)", (
    _text("name", "the person's name", required=True),
    Field("photo", "path", "portrait, relative to this Markdown file"),
    _text("photo_alt", "what the portrait shows (required with a photo)"),
    _text("unit", "工作单位"),
    _text("position", "职务"),
    Field("honours", "list", "honours, most important first", item=_text("honour", "an honour")),
    _text("quote", "a sentence of theirs shown on the profile"),
    Field("nominees", "list", "their nominee entries as notice-id/nominee-id",
          item=Field("nominee", "text", "notice-id/nominee-id")),
    _text("title", "page title (default: the name)"),
    _text("description", "summary for sharing (default: the quote)"),
))

STORY = Record("story", "front matter of a feature story (content/stories/posts/*.md)", (
    Field("date", "date", "publication day", required=True),
    _text("title", "headline", required=True),
    _text("description", "summary shown on the home page, in feeds and when shared", required=True),
    Field("authors", "list", "author ids from content/stories/.authors.yml", required=True,
          item=_text("author", "an author id")),
    Field("categories", "list", "categories", item=_text("category", "a category")),
    Field("slug", "id", "the story's id and URL part", required=True),
    Field("cover", "path", "cover image, relative to this Markdown file"),
    _text("cover_alt", "what the cover shows (required with a cover)"),
    Field("figures", "list", "ids of the figures the story is about", item=Field("figure", "id", "a figure id")),
    Field("notices", "list", "ids of related notices", item=Field("notice", "id", "a notice id")),
    Field("draft", "bool", "true keeps the story off the site"),
    Field("pin", "bool", "pin the story to the top of the stories index"),
))

#: The top-level key of a record file and its type.
FILE_TYPES = {"campaign": CAMPAIGN, "notice": NOTICE}
