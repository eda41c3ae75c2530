"""The form labels of the report's tables, in Russian and Kazakh (part of ``patterns``).

Data only, in the layout of ``normalize/patterns.py`` (which re-exports every
name here, so ``labels.matcher("TABLES")`` and ``patterns.TABLES`` keep
working): table kinds and their columns, the rows of the goal, effect and
participants tables, age brackets, totals.  Kazakh phrases marked [TR] are
translations (shared/FORMS.md §0): no source attests them in a report form.
"""

from __future__ import annotations

Phrases = dict[str, tuple[str, ...]]

# ----------------------------------------------------------------- tables
# Each table kind: its columns, which of them identify it, and how much
# evidence a table must give.  Column phrases are matched against the header
# text of each grid column (all header rows joined, so a two-level header
# "Индикаторы / план" matches both "индикатор" and "план").  Evidence is the
# number of identifying columns the header shows plus what the body says
# (normalize/table_meaning.py: plan/fact columns that hold numbers, a unit
# column that holds units, lines that are the effect table's own lines);
# ``min_identify`` is the least a table of the kind must give; ``required``
# columns must be in the header whatever else it shows.
TABLES: dict[str, dict] = {
    "works": {  # interim: Информация о выполненных работах
        "columns": {
            "number": {"ru": ("№", "п/п"), "kk": ("№", "р/с")},
            "task": {"ru": ("задача мероприятия", "задача"), "kk": ("іс-шараның міндеті", "міндет")},
            "title": {
                "ru": ("мероприятий согласно детальному плану", "мероприятия согласно детальному плану",
                       "мероприятие согласно", "наименование мероприятия"),
                "kk": ("егжей-тегжейлі жоспарға сәйкес іс-шаралар", "толық жоспарға сәйкес іс-шаралар",
                       "жоспарға сәйкес іс-шара"),
            },
            "date": {"ru": ("срок исполнения", "сроки проведения", "дата проведения"),
                     "kk": ("орындалу мерзімі", "өткізу мерзімі", "мерзімі")},
            "outcome": {
                "ru": ("уровень достижения целевых индикаторов", "уровень достижения"),
                "kk": ("нысаналы индикаторларға қол жеткізу деңгейі", "қол жеткізу деңгейі"),
            },
            "participants": {"ru": ("количество участников",), "kk": ("қатысушылар саны",)},
            "description": {"ru": ("описание",), "kk": ("сипаттама",)},
            "evidence": {
                "ru": ("приложенные подтверждающие документы", "подтверждающие документы"),
                "kk": ("қоса берілген растайтын құжаттар", "растайтын құжаттар"),
            },
            "cost": {"ru": ("стоимость мероприятия", "стоимость"), "kk": ("іс-шараның құны", "құны")},
        },
        "identify": ("title", "date", "participants", "description", "evidence", "cost", "outcome"),
        "min_identify": 4,
    },
    "results": {  # final: plan / fact matrix (2022: task column; 2024: № п/п, task rows, deviation, note)
        "columns": {
            "number": {"ru": ("№ п/п", "№", "п/п"), "kk": ("№", "р/с")},
            "task": {"ru": ("задача",), "kk": ("міндет",)},
            "title": {"ru": ("мероприятия в рамках задачи", "наименование мероприятия", "наименование мероприятий",
                             "мероприятие"),
                      # "іс-шараның атауы" / "іс-шаралардың атауы": [TR] of «Наименование мероприятия»
                      "kk": ("міндет аясындағы іс-шаралар", "іс-шаралар", "іс-шараның атауы", "іс-шаралардың атауы")},
            "short_results": {
                "ru": ("краткосрочные достигнутые результаты", "краткосрочные результаты"),
                "kk": ("қол жеткізілген қысқа мерзімді нәтижелер", "қысқа мерзімді нәтижелер"),
            },
            "indicator_text": {
                "ru": ("количественные и качественные индикаторы",),
                "kk": ("сандық және сапалық индикаторлар",),
            },
            # «Плановое значение индикатора» / «Фактическое значение индикатора» (2024);
            # "жоспарлы мәні" / "нақты мәні": [TR]
            "plan": {"ru": ("плановое значение", "запланировано", "план"), "kk": ("жоспарлы мәні", "жоспар")},
            "fact": {"ru": ("фактическое значение", "достигнуто", "факт"), "kk": ("нақты мәні", "факт", "нақты")},
            "effect": {"ru": ("эффект",), "kk": ("әсер", "нәтиже", "тиімділік")},
            # «Отклонение, %»: not plan or fact, checked against them; "ауытқу": [TR]
            "deviation": {"ru": ("отклонение",), "kk": ("ауытқу",)},
            "note": {"ru": ("примечание",), "kk": ("ескертпе",)},
            "unit": {"ru": ("единица измерения", "ед. изм"), "kk": ("өлшем бірлігі",)},
        },
        "identify": ("title", "short_results", "indicator_text", "plan", "fact", "effect", "deviation"),
        "required": ("plan", "fact"),
        "min_identify": 4,
    },
    "effect": {  # final: social and economic effect
        "columns": {
            "number": {"ru": ("№",), "kk": ("№",)},
            "indicator": {"ru": ("индикатор", "показатель", "наименование показателя"),
                          "kk": ("индикатор", "көрсеткіш", "көрсеткіштің атауы")},  # "көрсеткіштің атауы": [TR]
            "unit": {"ru": ("единица измерения", "ед. изм"), "kk": ("өлшем бірлігі",)},
            "planned": {"ru": ("планируемый уровень", "плановое значение", "план"),
                        "kk": ("жоспарланған деңгей", "жоспарлы мәні", "жоспар")},
            "actual": {"ru": ("фактический уровень", "фактическое значение", "факт"),
                       "kk": ("нақты деңгей", "нақты мәні", "нақты", "факт")},
        },
        "identify": ("indicator", "unit", "planned", "actual"),
        "required": ("planned", "actual"),
        "min_identify": 4,
    },
    "gender": {
        "columns": {
            "total": {"ru": ("количество участников проекта всего", "всего"),
                      "kk": ("жобаға қатысушылардың жалпы саны", "жалпы саны", "барлық қатысушылар", "барлығы")},
            "male": {"ru": ("мужчин", "мужчины", "муж"), "kk": ("ерлер", "ер адамдар")},
            "female": {"ru": ("женщин", "женщины", "жен"), "kk": ("әйелдер", "әйел")},
        },
        "identify": ("male", "female"),
        "min_identify": 2,
    },
    "social_status": {
        "columns": {
            "total": {"ru": ("количество участников проекта всего", "всего"),
                      "kk": ("жобаға қатысушылардың жалпы саны", "жалпы саны", "барлық қатысушылар", "барлығы")},
            "children": {"ru": ("дети",), "kk": ("балалар",)},
            "youth": {"ru": ("молодежь",), "kk": ("жастар",)},
            "civil_servants": {"ru": ("государственные служащие", "госслужащие"),
                               "kk": ("мемлекеттік қызметшілер",)},
            "public_sector_employees": {"ru": ("работники бюджетных организаций", "бюджетн",
                                               "работники бюджетной сферы", "работники бюджетных учреждений",
                                               "бюджетники"),
                                        "kk": ("бюджеттік ұйымдардың қызметкерлері", "бюджеттік")},
            "disabled": {"ru": ("инвалиды", "лица с инвалидностью", "люди с инвалидностью", "лица с ограниченными возможностями"),
                         "kk": ("мүгедектер", "мүгедектігі бар", "мүмкіндігі шектеулі")},
            "elderly": {"ru": ("люди старшего возраста", "пожилые", "пенсионеры"),
                        "kk": ("егде жастағы", "зейнеткерлер")},
            "unemployed": {"ru": ("безработные",), "kk": ("жұмыссыздар",)},
            "ngo_representatives": {"ru": ("представители общественных организаций", "представители нпо"),
                                    "kk": ("қоғамдық ұйымдардың өкілдері", "үеұ өкілдері")},
            "business": {"ru": ("представители бизнес-сектора", "представители бизнеса", "бизнес"),
                         "kk": ("бизнес-сектордың өкілдері", "бизнес")},
            "other": {"ru": ("другие категории", "другие", "прочие"), "kk": ("басқа санаттар", "басқа")},
        },
        "identify": ("youth", "unemployed", "civil_servants", "elderly", "other"),
        "min_identify": 3,
    },
    "age": {
        "columns": {
            "total": {"ru": ("количество участников проекта всего", "всего"),
                      "kk": ("жобаға қатысушылардың жалпы саны", "жалпы саны", "барлық қатысушылар", "барлығы")},
        },
        # Age brackets are recognised by AGE_BRACKET_RES below, not by phrases.
        "identify": (),
        "min_identify": 0,
    },
    "publications": {
        "columns": {
            "outlet": {"ru": ("сми, социальные сети", "социальные сети", "сми"),
                       "kk": ("бақ, әлеуметтік желілер", "әлеуметтік желілер", "бақ")},
            "title": {"ru": ("название публикации", "наименование публикации"),
                      "kk": ("жарияланымның атауы", "жарияланым атауы")},
            "reach": {"ru": ("охват, уровень", "охват"), "kk": ("қамту, деңгей", "қамту")},
            "count": {"ru": ("количество публикаций",), "kk": ("жарияланымдар саны",)},
            "date_link": {"ru": ("дата выхода, ссылка", "дата выхода", "ссылка"),
                          "kk": ("шыққан күні, сілтеме", "шыққан күні", "сілтеме")},
        },
        "identify": ("outlet", "title", "reach", "count", "date_link"),
        "min_identify": 3,
    },
    "partners": {  # 2024: a № column, no note column
        "columns": {
            "number": {"ru": ("№", "п/п"), "kk": ("№", "р/с")},
            "name": {"ru": ("наименование организации", "фио партнера", "наименование партнера"),
                     "kk": ("ұйымның атауы", "серіктестің т.а.ә", "серіктестің атауы")},
            "role": {"ru": ("роль в проекте",), "kk": ("жобадағы рөлі",)},
            "contacts": {"ru": ("контакты",), "kk": ("байланыс деректері", "байланыс")},
            "note": {"ru": ("примечание",), "kk": ("ескертпе",)},
        },
        "identify": ("name", "role", "contacts"),
        "min_identify": 2,
    },
    "goal": {  # final: "Цель проекта:" / "Достигнутый результат …:" key-value rows
        "columns": {},
        "identify": (),
        "min_identify": 0,
    },
    "proposals": {  # final: future projects, kept out of the dataset's tables
        "columns": {
            "number": {"ru": ("№",), "kk": ("№",)},
            "name": {"ru": ("наименование проекта",), "kk": ("жобаның атауы",)},
            "rationale": {"ru": ("обоснование целесообразности",), "kk": ("орындылығының негіздемесі",)},
            "amount": {"ru": ("необходимая сумма",), "kk": ("қажетті сома",)},
            "place": {"ru": ("место реализации",), "kk": ("іске асыру орны",)},
            "expected": {"ru": ("ожидаемые результаты",), "kk": ("күтілетін нәтижелер",)},
        },
        "identify": ("name", "rationale", "amount", "place", "expected"),
        "min_identify": 3,
    },
}

# Key-value rows of the final report's goal table: {section_key: phrases}
GOAL_ROWS: dict[str, Phrases] = {
    "other": {"ru": ("цель проекта",), "kk": ("жобаның мақсаты",)},
    "results": {
        "ru": ("достигнутый результат от реализации проекта", "достигнутый результат"),
        "kk": ("жобаны іске асырудан қол жеткізілген нәтиже", "қол жеткізілген нәтиже"),
    },
}

# Age bracket headers: "от 13-16 лет", "17-22 года", "59 лет и выше", "13-16 жас",
# "59 жас және одан жоғары", "18 жасқа дейін", "60 жастан асқан", "от 14 до 18 лет",
# "старше 60 лет" (61 and over).  The first that matches decides.
AGE_BRACKET_RES: tuple[tuple[str, str], ...] = (
    # (regex over folded text, kind)
    (r"(?P<lo>\d{1,2})\s*-\s*(?P<hi>\d{1,3})\s*(?:лет|год|г\b|жас)", "range"),
    # «N жастан асқан» is «older than N» (N+1 and up), like «старше N»; «N жастан бастап» is N and up
    (r"(?P<lo>\d{1,2})\s*жас\w*\s*асқан", "above"),
    (r"(?:от\s*)?(?P<lo>\d{1,2})\s*(?:лет|год|жас\w*)\s*(?:и\s*(?:выше|старше|более)|және\s*одан\s*(?:жоғары|асқан|үлкен)|бастап|жоғары)", "open_up"),
    (r"(?:старше|свыше|более)\s*(?P<lo>\d{1,2})", "above"),
    # "от 14 до 18 лет" is 14 to 18 (2024 edition), not "до 18" (under 18): before "below".
    (r"от\s*(?P<lo>\d{1,2})\s*до\s*(?P<hi>\d{1,3})\s*(?:лет|год)", "range"),
    # "14 жастан 18 жасқа дейін": [TR] of "от 14 до 18 лет", read the same way
    (r"(?P<lo>\d{1,2})\s*жастан\s*(?P<hi>\d{1,3})\s*жас\w*\s*дейін", "range"),
    (r"(?:до|младше)\s*(?P<hi>\d{1,2})\s*(?:лет|год)", "below"),
    (r"(?P<hi>\d{1,2})\s*жас\w*\s*дейін", "below"),
)

# Under an explicit age group («По возрасту») a bare range is an age bracket too:
# "14-18", "от 14 до 18", "61+" (elsewhere "2022-2023" must not be one).
AGE_BRACKET_BARE_RES: tuple[tuple[str, str], ...] = (
    (r"^\s*(?:от\s*)?(?P<lo>\d{1,2})\s*(?:-|до)\s*(?P<hi>\d{1,3})\s*$", "range"),
    (r"^\s*(?P<lo>\d{1,2})\s*\+\s*$", "open_up"),
)

# Totals row of a results table.
TOTAL_ROW: Phrases = {"ru": ("итого", "всего"), "kk": ("барлығы", "жиыны", "барлыгы")}
# More words that open a totals row, for the PDF reader only (pipeline.pdf_settings
# gives it these with TOTAL_ROW's, so that a totals row on a new page is never
# stitched onto the row above it): the Kazakh «жиынтығы» and the «Total» of a
# bilingual form.  Not in TOTAL_ROW, whose matching of row labels they would change.
TOTAL_ROW_STARTS_MORE: Phrases = {"kk": ("жиынтығы",), "en": ("total",)}
# A row's note that leaves it out of the totals row: its plan/fact are not
# participants ("Тираж, экз. Не входит в итог").  Kazakh: [TR].
EXCLUDED_FROM_TOTAL: Phrases = {
    "ru": ("не входит в итог", "не входит в общий итог", "в итог не входит", "не учитывается в итоге",
           "не включено в итог", "не включен в итог", "в итог не включ", "не суммируется"),
    "kk": ("жиынтыққа кірмейді", "барлығына кірмейді", "қорытындыға қосылмайды"),
}
# The name of the participants' total when its row has no label of its own.
TOTAL_ROW_NAME = "ИТОГО"

# "из них:" / "оның ішінде:" row that opens a publications table.
OF_WHICH_ROW: Phrases = {"ru": ("из них", "в том числе"), "kk": ("оның ішінде",)}

# The divider row before partners' and media publications.
PARTNER_MEDIA_DIVIDER: Phrases = {
    "ru": ("публикации партнеров и сми", "публикации партнеров", "публикации сми"),
    "kk": ("серіктестер мен бақ жарияланымдары", "серіктестердің жарияланымдары"),
}

# Rows of the social and economic effect table -> indicator key.
# Order matters only for "из них" sub-lines, which take the key of the line
# above + "_vulnerable".
# The 2024 edition rewords them («благополучателей» for «бенефициаров»,
# «экспертов», «НКО», «Налоговые отчисления») and puts the money lines first;
# its Kazakh wording ("пайда алушылар", "сарапшылар", "салық аударымдары",
# "коммерциялық емес ұйымдар") is [TR].
EFFECT_ROWS: dict[str, Phrases] = {
    "direct_beneficiaries": {"ru": ("прямых бенефициаров", "прямые бенефициары", "прямых благополучателей",
                                    "прямые благополучатели"),
                             "kk": ("тікелей бенефициарлар", "тікелей пайда алушылар")},
    "indirect_beneficiaries": {"ru": ("косвенных бенефициаров", "косвенные бенефициары",
                                      "косвенных благополучателей", "косвенные благополучатели"),
                               "kk": ("жанама бенефициарлар", "жанама пайда алушылар")},
    "staff": {"ru": ("штатных работников", "штатные работники", "штатных сотрудников"),
              "kk": ("штаттық қызметкерлер",)},
    "specialists": {"ru": ("привлеченных специалистов", "привлеченные специалисты", "привлеченных экспертов",
                           "привлеченные эксперты"),
                    "kk": ("тартылған мамандар", "тартылған сарапшылар")},
    "ngos_covered": {"ru": ("охваченных нпо", "охваченные нпо", "охваченных нко", "охваченные нко",
                            "охваченных некоммерческих организаций", "охваченных неправительственных организаций"),
                     "kk": ("қамтылған үеұ", "қамтылған коммерциялық емес ұйымдар")},
    "payroll_kzt": {"ru": ("фонд оплаты труда", "фот", "расходы на оплату труда"),
                    "kk": ("еңбекке ақы төлеу қоры", "жалақы қоры")},
    "taxes_kzt": {"ru": ("налоги", "налоговые отчисления", "налоги и отчисления"),
                  "kk": ("салықтар", "салық аударымдары")},
    "economic_contribution_kzt": {"ru": ("вклад в экономику",), "kk": ("экономикаға қосқан үлес",)},
    "partners": {"ru": ("количество партнеров", "партнеров социального проекта"),
                 "kk": ("серіктестерінің саны", "серіктестер саны")},
}
EFFECT_SUBLINE: Phrases = {
    "ru": ("из социально-уязвимые", "из социально-уязвимых", "социально-уязвим", "в том числе из",
           "из них из числа социально уязвимых", "из числа социально уязвимых"),
    "kk": ("халықтың әлеуметтік осал", "оның ішінде әлеуметтік осал", "әлеуметтік осал"),
}

# ------------------------------------------------ participants, one table
# The 2024 edition gives the participants as one transposed table (category
# | count).  Group rows open a dimension and are not categories; the total
# row is the participants' total.  Kazakh: "жынысы бойынша", "әлеуметтік
# мәртебесі бойынша", "жасы бойынша" are [TR].
DEMOGRAPHIC_GROUPS: dict[str, Phrases] = {
    "gender": {"ru": ("по полу", "гендерный показатель", "гендерный состав", "пол участников"),
               "kk": ("жынысы бойынша", "гендерлік көрсеткіш")},
    "social_status": {"ru": ("по социальному статусу", "социальный статус по категориям", "социальный статус"),
                      "kk": ("әлеуметтік мәртебесі бойынша", "санаттар бойынша әлеуметтік мәртебе")},
    "age": {"ru": ("по возрасту", "возрастной показатель", "возрастной состав"),
            "kk": ("жасы бойынша", "жас көрсеткіші")},
}
# The total row (Kazakh as in §3.7 / §3.3 of FORMS.md: [TR]).
DEMOGRAPHIC_TOTAL: Phrases = {
    "ru": ("всего участников", "общее количество участников", "количество участников проекта всего",
           "итого", "всего"),
    "kk": ("жобаға қатысушылардың жалпы саны", "қатысушылардың жалпы саны", "барлық қатысушылар",
           "қатысушылардың барлығы", "барлығы", "жиыны"),
}

# Units and their words live with the number parser: normalize/number_words.py UNIT_WORDS.

# Lines between two tables that do not end the first: "Продолжение таблицы",
# "кестенің жалғасы" ([TR]).
TABLE_CONTINUED: Phrases = {
    "ru": ("продолжение таблицы", "окончание таблицы"),
    "kk": ("кестенің жалғасы", "кестенің соңы"),
}
