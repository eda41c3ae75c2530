"""Every label of the report forms, in Russian and Kazakh: the one table of patterns.

Nothing else in ``normalize/`` spells a form label.  Each entry is a plain
phrase (not a regex) written in lower case; it is folded with
``text.fold_for_match`` (look-alike letters, ё, old-font ӛ, dashes,
punctuation) and matched *tolerantly* (a few typing errors allowed, see
``labels.py``) as a substring of the folded label text.  Variants seen in
real reports (the forms' own typos, abbreviations, words broken over lines)
are listed as extra phrases.

Layout: ``{key: {"ru": (phrases...), "kk": (phrases...)}}``.
"""

from __future__ import annotations

Phrases = dict[str, tuple[str, ...]]

# --------------------------------------------------------------- report type
REPORT_TITLES: dict[str, Phrases] = {
    "interim": {
        "ru": ("промежуточный программный отчет", "промежуточный отчет"),
        "kk": ("аралық бағдарламалық есеп", "аралық есеп"),
    },
    "final": {
        "ru": (
            "заключительный программный отчет",
            "итоговый программный отчет",
            "заключительный отчет",
            "итоговый отчет",
        ),
        "kk": ("қорытынды бағдарламалық есеп", "қорытынды есеп"),
    },
}

# Abbreviations labels use, written out before matching (keys lower case, matched
# as whole words): «Кол-во участников» is «Количество участников».
LABEL_ABBREVIATIONS: dict[str, str] = {
    "кол-во": "количество",
    "к-во": "количество",
    "ед. изм.": "единица измерения",
    "ед.изм.": "единица измерения",
    "ед. изм": "единица измерения",
    "в т.ч.": "в том числе",
    "в т. ч.": "в том числе",
    "соц. сети": "социальные сети",
    "соцсети": "социальные сети",
    "наим.": "наименование",
    "өлш. бірл.": "өлшем бірлігі",
    "өлш.бірл.": "өлшем бірлігі",
}

# ------------------------------------------------------------ header fields
# The 2024 edition writes them as a two-column table (label | value):
# «Наименование грантополучателя», «Наименование социального проекта»,
# «Сумма гранта, тенге» (a bare number), «Договор» («№ 112 от 03.04.2024»),
# «Период реализации».  Kazakh labels of those rows are [TR].
HEADER_FIELDS: dict[str, Phrases] = {
    "grantee": {
        "ru": ("грантополучатель", "получатель гранта", "наименование грантополучателя"),
        "kk": ("грант алушы", "грантты алушы", "грант иегері", "грант алушының атауы"),
    },
    "grant_topic": {
        "ru": ("тема гранта", "тема социального проекта", "наименование проекта",
               "наименование социального проекта", "название социального проекта"),
        "kk": ("гранттың тақырыбы", "грант тақырыбы", "жобаның тақырыбы", "әлеуметтік жобаның атауы"),
    },
    "grant_amount": {
        "ru": ("сумма гранта", "общая сумма гранта", "сумма гранта, тенге"),
        "kk": ("гранттың сомасы", "грант сомасы", "гранттың жалпы сомасы", "гранттың сомасы, теңге"),
    },
    "agreement": {
        "ru": ("договор", "договор о предоставлении гранта", "номер и дата договора", "№ и дата договора",
               "грантовый договор"),
        "kk": ("шарт", "грант шарты", "грант беру туралы шарт", "шарттың нөмірі мен күні"),
    },
    "period": {
        "ru": ("период реализации", "период реализации проекта", "срок реализации", "сроки реализации проекта"),
        "kk": ("іске асыру кезеңі", "жобаны іске асыру кезеңі", "жобаны іске асыру мерзімі", "есепті кезең"),
    },
}
# Fields whose label is a common word ("Договор", "Шарт"): read only when the
# label stands alone (a table's label cell, or a line "Label: value"), so a
# sentence that opens with the word is not taken for the field.
HEADER_FIELDS_NEED_SEPARATOR: tuple[str, ...] = ("agreement", "period")

# The sign-off line under which (or beside which) the signatory's name stands.
SIGNATURE_LABELS: Phrases = {
    "ru": (
        "должность, ф.и.о (при его наличии) руководителя, либо его заместителя",
        "должность, ф.и.о. руководителя",
        "должность, ф.и.о",
        "фио руководителя",
    ),
    "kk": (
        "басшының не оның орынбасарының лауазымы, т.а.ә. (бар болса)",
        "басшының лауазымы, т.а.ә",
        "лауазымы, т.а.ә",
    ),
}

# ------------------------------------------------------ narrative sections
SECTION_HEADINGS: dict[str, Phrases] = {
    "activities_narrative": {
        "ru": ("опишите мероприятия в рамках социального проекта", "описание мероприятий социального проекта",
               "описание проведенных мероприятий", "информация о проведенных мероприятиях"),
        "kk": ("әлеуметтік жоба аясындағы іс-шараларды сипаттаңыз", "іс-шараларды сипаттаңыз",
               "іс-шараларын сипаттау", "өткізілген іс-шаралар туралы ақпарат"),  # the last two [TR]
    },
    "works_table": {  # interim section 1: a table, no prose of its own
        "ru": ("информация о выполненных работах",),
        "kk": ("орындалған жұмыстар туралы ақпарат",),
    },
    "deviations": {
        "ru": ("опишите обоснования отклонения", "обоснование отклонения", "обоснования отклонения"),
        "kk": ("жоба бойынша жоспардан ауытқудың негіздемесін", "жоспардан ауытқудың негіздемесі",
               "ауытқудың негіздемесін"),
    },
    "goal_achievement": {
        "ru": ("достижение цели",),
        "kk": ("мақсатқа қол жеткізу",),
    },
    "social_change": {
        "ru": ("измерение социальных и других изменений", "измерение социальных изменений"),
        "kk": ("әлеуметтік жоба аяқталғаннан кейін және/немесе оны іске асыру барысында",
               "әлеуметтік және басқа да өзгерістерді өлшеу", "өзгерістерді өлшеу"),
    },
    "statistics": {  # section 4: tables only
        "ru": ("статистическая информация в разрезе участников", "сведения об участниках социального проекта",
               "информация об участниках социального проекта"),
        "kk": ("әлеуметтік жобаға қатысушылар бөлінісіндегі статистикалық ақпарат",
               "қатысушылар бөлінісіндегі статистикалық ақпарат", "статистикалық ақпарат",
               "әлеуметтік жобаға қатысушылар туралы мәліметтер"),  # the last [TR]
    },
    "results": {
        "ru": ("результаты социального проекта",),
        "kk": ("әлеуметтік жобаның нәтижелері",),
    },
    "partners_analysis": {
        "ru": ("анализ вклада партнеров",),
        "kk": ("әлеуметтік жобаны іске асыруға қолдау көрсеткен серіктестердің",
               "серіктестердің үлесін талдау", "үлесін талдау"),
    },
    "proposals": {
        "ru": ("предложения темам будущих социальных проектов", "предложения по темам будущих"),
        "kk": ("осы әлеуметтік жобаның жалғасы болуы мүмкін болашақ", "болашақ әлеуметтік жобалардың тақырыптары",
               "болашақ әлеуметтік жобалар"),
    },
    "media": {  # interim section 2: a table
        "ru": ("освещение деятельности", "освещение деятельности в сми"),
        "kk": ("қызметті бақ-та", "әлеуметтік желілерде жариялау"),
    },
    "success_story": {
        "ru": ("напишите историю успеха", "история успеха", "истории успеха"),
        "kk": ("табыс тарихын", "табыс тарихы", "жетістік тарихы"),
    },
}

# Printed instructions and sub-headings of the forms: not grantee text.
FORM_BOILERPLATE: Phrases = {
    "ru": (
        "необходимо детально описать и проанализировать все проведенные мероприятия",
        "заполните таблицу и опишите соответствие запланированных результатов",
        "заполните таблицу, указав социальный и экономический эффекты",
        "партнеры социального проекта",
        "организации, которые принимают непосредственное участие в реализации проекта",
        "гендерный показатель",
        "социальный статус по категориям",
        "возрастной показатель",
        "выберите направление предоставления гранта",
    ),
    "kk": (
        "жоспарланған индикаторларға қол жеткізу деңгейін",
        "грант шартына № 3 қосымшаға",
        "экономикалық әсерлерін көрсете отырып",
        "жоспарланған нәтижелердің алынған нәтижелерге сәйкестігін",
        "жобаны іске асыруға тікелей қатысатын",
        "бағыттарын таңдаңыз",
        "кестені толтырып",
        "кестені толтырыңыз",
        "әлеуметтік жобаның серіктестері",
        "гендерлік көрсеткіш",
        "санаттар бойынша әлеуметтік мәртебе",
        "жас көрсеткіші",
    ),
}

# Narrative paragraph labels: "Задача 1. Мероприятие 2:" / "Міндет 1. Іс-шара 2:"
# (regular expressions over the cleaned, not folded, text).
NARRATIVE_ACTIVITY_RE = (
    r"^\s*(?:задача|міндет|миндет)\s*№?\s*(?P<task>\d+)\s*[.,:;)]?\s*[-–—]?\s*"
    r"(?:мероприятие|мероприятия|іс-шара|іс шара|ис-шара)\s*№?\s*(?P<act>\d+)\s*[.:;)]?\s*[-–—]?\s*"
)
# Paragraphs that close a narrative activity item: summaries of the whole project.
NARRATIVE_SUMMARY: Phrases = {
    "ru": ("все запланированные мероприятия", "согласно плану общее количество", "фактическое исполнение составляет",
           "в рамках реализации проекта были запланированы"),
    "kk": ("барлық жоспарланған іс-шаралар", "жоспар бойынша жалпы", "жоба аясында мынадай іс-шаралар"),
}
TASK_LABEL_RE = r"^\s*(?:задача|міндет|миндет)\s*№?\s*(?P<num>\d+)\s*[.:;)-]*\s*"
# The 2024 narrative: «1.1. Title» (or «Мероприятие 1.1. Title») headings under
# «Задача 1. …» lines (regular expression over the cleaned text, case-insensitive;
# the title opens with a capital or a quote, and the heading must be short and
# marked or unpunctuated, see sections.py).
NUMBERED_ACTIVITY_RE = (
    r"^\s*(?:(?:мероприятие|іс-шара|іс шара)\s*№?\s*)?(?P<task>\d{1,2})\s*\.\s*(?P<act>\d{1,2})\s*\.?[:)]?\s+"
    r"(?P<title>[\p{Lu}«\"„“].{2,})$"
)
# Labelled lines of a narrative activity: its dates and its place.
# Kazakh: "өткізу мерзімі" (as in the interim work table), "өткізілетін орны" [TR].
ACTIVITY_DATE_LABELS: Phrases = {
    "ru": ("сроки проведения", "срок проведения", "дата проведения", "даты проведения", "сроки реализации"),
    "kk": ("өткізу мерзімі", "өткізілу мерзімі", "өткізу күні", "өткізілген күні"),
}
ACTIVITY_PLACE_LABELS: Phrases = {
    "ru": ("место проведения", "места проведения"),
    "kk": ("өткізілетін орны", "өткізу орны", "өткізілген орны"),
}

# ----------------------------------------------------------------- tables
# The labels of the tables live in patterns_tables.py (one idea per module);
# they are names of this module too.
from esep.normalize.patterns_tables import (  # noqa: E402,F401
    AGE_BRACKET_BARE_RES,
    AGE_BRACKET_RES,
    DEMOGRAPHIC_GROUPS,
    DEMOGRAPHIC_TOTAL,
    EFFECT_ROWS,
    EFFECT_SUBLINE,
    EXCLUDED_FROM_TOTAL,
    GOAL_ROWS,
    OF_WHICH_ROW,
    PARTNER_MEDIA_DIVIDER,
    TABLE_CONTINUED,
    TABLES,
    TOTAL_ROW,
    TOTAL_ROW_NAME,
    TOTAL_ROW_STARTS_MORE,
)

# ------------------------------------------------------------ publications
# Outlet prefixes ("Fb: @GAMO…", "Инстаграм: @ga_zko", "Сайт Gamо.kz") and
# link domains -> platform.  Prefix phrases are matched at the start of the
# folded outlet text; the prefix and a following ":" are cut from the outlet.
PLATFORM_PREFIXES: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook", "fb", "фейсбук", "фб"),
    "instagram": ("instagram", "insta", "inst", "ig", "инстаграм", "инста", "инст"),
    "telegram": ("telegram", "tg", "телеграм", "телеграмм", "телеграм-канал", "телеграм канал"),
    "youtube": ("youtube", "yt", "ютуб", "ютьюб"),
    "tiktok": ("tiktok", "tik tok", "тикток", "тик ток"),
    "vk": ("vk", "вконтакте", "вк"),
    "website": ("сайт", "веб-сайт", "website", "site", "web", "портал", "интернет-портал"),
    "tv": ("телеканал", "тв", "tv", "телевидение", "теледидар"),
    "radio": ("радио", "radio"),
    "print": ("газета", "журнал", "газеті", "басылым"),
}
PLATFORM_DOMAINS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com", "fb.com", "fb.me", "fb.watch"),
    "instagram": ("instagram.com", "instagr.am"),
    "telegram": ("t.me", "telegram.me", "telegram.org"),
    "youtube": ("youtube.com", "youtu.be"),
    "tiktok": ("tiktok.com",),
    "vk": ("vk.com", "vkontakte.ru"),
}

# ------------------------------------------------------------ language cues
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
# Short words that mark a title as Russian or Kazakh prose.
RUSSIAN_MARKERS = frozenset(
    "о об про на в во и для по с со к от до из при начале работы центра области открытии тренинги".split()
)
KAZAKH_MARKERS = frozenset(
    "туралы және мен бойынша облысында ашылғаны өткен пост-анонсы жобаның басталғаны".split()
)

# ------------------------------------------------------- agreement reference
# "к договору о предоставлении гранта от «31» марта 2022 года № 43",
# "договор № 43 от 31.03.2022", "2022 жылғы «31» наурыздағы № 43 шартқа".
AGREEMENT_CONTEXT: Phrases = {
    "ru": ("договор", "соглашени"),
    "kk": ("шарт", "келісім"),
}

# Venue phrases in narrative paragraphs (regular expressions, case-insensitive).
LOCATION_RES: tuple[str, ...] = (
    r"(?:на\s+территории|в\s+зале(?:\s+торжеств)?|в\s+конференц-зале|в\s+здании|в\s+помещении|в\s+офисе"
    r"|в\s+ресторане|в\s+кафе|в\s+гостинице|в\s+отеле|в\s+центре|в\s+библиотеке)\s+«[^»]{1,80}»",
    r"в\s+(?:Доме|Дворце|Центре|Музее|Парке|Акимате|акимате)\s+[а-яё]+(?:\s+«[^»]{1,80}»)?",
    # Kazakh: a run of words opening with a capital and closing on a place noun in the
    # locative: «Кентау қаласында», «Сауран ауданының Шорнақ ауылында»,
    # «Түркістан қаласындағы Жастар ресурстық орталығында».
    r"(?<![\w-])[А-ЯЁӘҒҚҢӨҰҮҺІA-Z«][^\s,.;:!?()]*(?:\s+[^\s,.;:!?()]+){0,5}?\s+"
    r"(?:қаласында|ауылында|ауданында|облысында|кентінде|орталығында|залында|ғимаратында|аумағында"
    r"|кітапханасында|мектебінде|университетінде|колледжінде|үйінде|сарайында|саябағында|алаңында"
    r"|мұражайында|театрында|мейманханасында|қонақүйінде)(?![\w-])",
)

# ------------------------------------------------------------ quality checks
# A narrative claim that everything was done in full.
CLAIM_ALL_DONE: Phrases = {
    "ru": ("в полном объеме", "выполнены в полном", "все индикаторы выполнены",
           "все запланированные индикаторы были выполнены", "индикаторы выполнены полностью"),
    "kk": ("толық көлемде", "толығымен орындалды", "барлық индикаторлар орындалды"),
}

# Age ranges that social-status categories imply: (category, lowest age, highest age).
# "Люди старшего возраста (от 50 лет …)" take their threshold from the label when it has one.
STATUS_AGE_RANGES: dict[str, tuple[int | None, int | None]] = {
    "elderly": (50, None),
    "children": (0, 17),
    "youth": (14, 35),
}

# Categories whose lowest age is read from their own label when it gives one
# ("от 50 лет и старше", "50 жастан бастап"): a regex whose group "lo" is that age.
STATUS_AGE_FROM_LABEL: dict[str, str] = {
    "elderly": r"(?P<lo>\d{2})\s*(?:лет|год|жас)",
}

# What each report type must contain: table kinds and section keys.
REQUIRED_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "interim": {"tables": ("works", "publications"), "sections": ()},
    "final": {
        "tables": ("results", "effect", "gender", "social_status", "age", "partners"),
        "sections": ("activities_narrative", "goal_achievement", "social_change", "results"),
    },
}
