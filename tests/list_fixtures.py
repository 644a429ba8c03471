"""A small site whose notice has every kind of list entry (on the list, withdrawn, a replacement, a
collective) and a canary in every private field: for the Word file and the spreadsheets of the list."""

from __future__ import annotations

from conftest import CAMPAIGN, NOTICE

#: a value in every private field that is looked for in outputs (generator.model.private)
CANARIES = {
    "id_number": "999999199001010014",
    "phone": "13900000001",
    "birth_date": "1990-01-01",
    "address": "金丝雀路九十九号隐私小区",
    "email": "canary-private@example.invalid",
    "votes": "赞成金丝雀票反对零票",
    "review_opinion": "金丝雀审核意见不公开",
    "notes": "金丝雀内部备注不公开",
}

NOMINEES = """\
    - id: zhang-san
      award: model-worker
      name: 张三
      gender: 男
      ethnicity: 汉族
      political_status: 中共党员
      unit: 示例公司
      position: 技术员
      professional_title: 工程师
      category: 一线工人
      region: 甲区
      highest_honour: 市优秀员工
      brief_deeds: 张三的事迹简要。
      private:
{private}
    - id: li-si
      award: model-worker
      name: 李四
      gender: 女
      unit: 示例工厂
      category: 一线工人
      region: 乙区
      brief_deeds: 李四的事迹简要。
      private:
        id_number: "999999199001020010"
        phone: "13900000002"
    - id: wang-wu
      award: model-worker
      name: 王五
      gender: 男
      unit: 示例医院
      position: 医生
      category: 专业技术人员
      region: 乙区
      brief_deeds: 王五的事迹简要。
    - id: team-a
      award: collective
      name: 示例车间
      unit: 示例公司
      legal_representative: 赵六
      staff_count: 40
      unit_type: 企业
      region: 甲区
      brief_deeds: 示例车间的事迹简要。
"""

CORRECTIONS = """\
  published: 2024-09-20
  document_number: 测工字〔2024〕1号
  intro: 经推荐和审核，现将推荐对象予以公示。
  corrections:
    - date: 2024-09-24
      action: withdrawn
      nominee: li-si
      text: 本人申请退出。
    - date: 2024-09-24
      action: added
      nominee: wang-wu
      text: 递补王五为推荐对象。
"""

NOW = "2024-09-25T12:00+08:00"


def list_notice() -> str:
    private = "\n".join(f'        {key}: "{value}"' for key, value in CANARIES.items())
    return NOTICE.format(nominees=NOMINEES.format(private=private)) + CORRECTIONS


def make_site(site):
    """The site's configuration file."""
    return site.make(notice=list_notice(), campaign=CAMPAIGN)
