"""Made-up organisations and people: names, 统一社会信用代码 (GB 32100-2015), phones, e-mails."""

from __future__ import annotations

import random
from dataclasses import dataclass

# GB 32100-2015 character set: digits and upper-case letters without I, O, Z, S, V.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
# GB 11714 organisation code (positions 9-17 of the USCC) weights.
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    if len(code) != 18 or any(ch not in USCC_CHARS for ch in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def org_code(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY" if i > 2 else "0123456789") for i in range(8))
    total = sum(int(ch, 36) * w for ch, w in zip(body, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    check = "X" if c == 10 else ("0" if c == 11 else str(c))
    return body + check


def make_uscc(rng: random.Random, division: str) -> str:
    first17 = "91" + division + org_code(rng)
    return first17 + uscc_check_char(first17)


def corrupt_uscc(code: str) -> str:
    """Same code with a wrong check character (what a typo in the form looks like)."""
    wrong = [c for c in USCC_CHARS if c != code[17]]
    return code[:17] + wrong[(USCC_CHARS.index(code[17]) + 7) % len(wrong)]


# Administrative division codes (Tianjin districts, Jinzhong).
DIVISIONS = {
    "滨海新区": "120116",
    "东丽区": "120110",
    "西青区": "120111",
    "津南区": "120112",
    "北辰区": "120113",
    "武清区": "120114",
    "宝坻区": "120115",
    "静海区": "120118",
    "晋中市榆次区": "140702",
    "晋中市介休市": "140781",
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕鹏辉建国春梅宇浩凯晨瑞雪婷宁波斌鑫欣博文志海峰亮成东新帅晓蕾颖琳岩冬松宏荣慧佳倩楠旭飞坤龙彬莉丹蓉"

# Fictional organisations (no real company's name): the projects and codes are made up.
COMPANY_STEMS = {
    "汽车零部件制造": ["津澜精工汽车部件", "渤润汽车零部件", "沽上制动系统", "海川汽车电子", "博远汽配", "德众橡塑制品", "恒驰电驱科技", "锐达汽车座椅"],
    "电力": ["津东供电服务", "滨电新能源运维", "沽河发电", "北辰电力检修", "海晟光伏电力", "宏源热电"],
    "化工": ["渤澜新材料", "津湾石化", "中盛精细化工", "海晶环保化工", "天成树脂", "盛源化肥"],
    "医院/医疗服务": ["滨港中心医院", "津南康宁医院", "西沽中医医院", "海泰心血管病医院", "北塘人民医院", "宁河仁和医院"],
    "建筑施工": ["津城第七建设工程", "渤建第三建筑", "滨海市政建设", "华兴建工", "安达建设", "海河建设工程"],
    "食品": ["沽香斋食品", "海润乳业", "津味速冻食品", "百利熟食", "宏福烘焙食品", "滨海乳品"],
    "电子/集成电路": ["津芯微测半导体", "津芯封装测试", "海光电子科技", "瑞视光电", "天纳电子", "宏微集成电路"],
    "轨道交通/物流": ["津轨车辆运维", "津运冷链物流", "滨港供应链", "顺达仓储物流", "华铁车辆维保", "津通物流"],
    "钢铁": ["津钢联合特钢", "沽阳钢铁", "津冶板材", "新港冷轧", "海泰特殊钢", "晋中晋泰钢铁"],
    "制药": ["津康药业", "瑞和制药", "沽上中药饮片", "瑞和生物制药", "滨海生物医药", "晋中华康药业"],
}

LARGE_INDUSTRIES = {"电力", "钢铁", "医院/医疗服务", "轨道交通/物流"}

INDUSTRY_TICK = {
    "汽车零部件制造": "汽车及新能源汽车",
    "电力": "新能源",
    "化工": "绿色石化",
    "医院/医疗服务": "其他",
    "建筑施工": "其他",
    "食品": "轻纺",
    "电子/集成电路": "集成电路",
    "轨道交通/物流": "高端装备",
    "钢铁": "新材料",
    "制药": "生物医药",
}

ORG_SUFFIX = {
    "医院/医疗服务": "",
    "电力": "有限公司",
}


@dataclass
class Company:
    name: str
    short: str
    district: str
    credit_code: str
    size: str  # 大型/中型/小型/微型
    industry: str
    recommender: str


@dataclass
class Person:
    name: str
    title: str


def company_name(stem: str, industry: str, district: str) -> str:
    if industry == "医院/医疗服务":
        return stem
    city = "晋中" if district.startswith("晋中") else "天津"
    if stem.startswith(("天津", "国网天津", "晋中")):
        return stem + ("有限公司" if not stem.endswith("供电") else "公司")
    return f"{city}{stem}有限公司" if stem[0] not in "津" else f"天津{stem[1:]}有限公司"


class People:
    """Draws unique-ish person names from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def name(self) -> str:
        for _ in range(200):
            n = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            if n not in self.used:
                self.used.add(n)
                return n
        raise RuntimeError("name space exhausted")


def phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "135", "136", "150", "151", "186", "187", "133", "177"]) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )


def landline(rng: random.Random, district: str) -> str:
    area = "0354" if district.startswith("晋中") else "022"
    return f"{area}-{rng.randrange(2, 9)}{rng.randrange(1000000, 9999999):07d}"[: len(area) + 9]


PINYIN_DOMAINS = ["hztech", "jcauto", "rfbrake", "bhpower", "tjchem", "hsmed", "cjqg", "hhdairy", "zhxc", "tjmetro"]


def email(rng: random.Random, key: str) -> str:
    user = rng.choice(["qc", "zlb", "quality", "qcteam", "zhiliang", "jsb"]) + str(rng.randrange(10, 99))
    return f"{user}@{key}.com.cn"
