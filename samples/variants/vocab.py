"""The words the variant factory writes: labels of the forms by edition, language and label style.

Data only.  Written from shared/FORMS.md (§2, §3: the 2022 form in Russian
and Kazakh, its own typos), the later edition of the final form as issue 12
describes it (2024: «ИТОГОВЫЙ ПРОГРАММНЫЙ ОТЧЕТ», a header table, numbered
activities under task rows, «Плановое / Фактическое значение индикатора»,
«Отклонение, %», money-first effect lines with short units, one transposed
participants table), and synonyms and typing errors a grantee makes.  The
Kazakh wording of the 2024 labels is a translation (no Kazakh 2024 form was
seen).  None of it is taken from esep's normalize/patterns.py: the factory
writes documents, esep has to read them.

``labels(edition, language, style)`` gives one flat dict {name: text};
``style`` is "standard", "synonyms" or "typos" (applied over the edition's
standard labels).
"""

from __future__ import annotations

_RU_2022 = {
    "title": ("ЗАКЛЮЧИТЕЛЬНЫЙ", "ПРОГРАММНЫЙ ОТЧЕТ"),
    "interim_title": ("ПРОМЕЖУТОЧНЫЙ ПРОГРАММНЫЙ ОТЧЕТ",),
    "grantee": "Грантополучатель:",
    "topic": "Тема гранта:",
    "amount": "Сумма гранта:",
    "currency": "тенге",
    "annex": "Приложение № 4",
    "annex_to": "к договору о предоставлении гранта",
    "s1": "1. Опишите мероприятия в рамках социального проекта",
    "s1_intro": "В рамках реализации проекта были запланированы следующие мероприятия:",
    "task_word": "Задача",
    "activity_word": "Мероприятие",
    "fill_results": "Заполните таблицу и опишите соответствие запланированных результатов полученным результатам",
    "goal": "Цель проекта:",
    "achieved": "Достигнутый результат от реализации проекта:",
    "col_task": "Задача",
    "col_title": "Мероприятия в рамках задачи",
    "col_short": "Краткосрочные достигнутые результаты (к мероприятиям)",
    "col_quant": "Количественные и качественные индикаторы",
    "col_indicators": "Индикаторы",
    "col_plan": "план",
    "col_fact": "факт",
    "col_effect": "Эффект",
    "short_prefix": "Краткосрочные результаты:",
    "quant_text": "Количество участников не менее {plan}",
    "total": "ИТОГО",
    "fill_effect": "Заполните таблицу, указав социальный и экономический эффекты социального проекта",
    "eff_no": "№",
    "eff_indicator": "Индикатор",
    "eff_unit": "Единица измерения",
    "eff_plan": "Планируемый уровень",
    "eff_fact": "Фактический уровень",
    "deviations": "Опишите обоснования отклонения по проекту от плана:",
    "s2": "2. Достижение цели (описание фактов и указание аргументов о достижении цели):",
    "s3": "3. Измерение социальных и других изменений, произошедших по окончании и/или в течение "
          "реализации социального проекта",
    "s4": "4. Статистическая информация в разрезе участников социального проекта (на момент предоставления "
          "программного промежуточного отчета):",
    "gender_title": "Гендерный показатель:",
    "status_title": "Социальный статус по категориям:",
    "age_title": "Возрастной показатель:",
    "demo_total": "Количество участников проекта всего",
    "demo_category": "Категория участников",
    "demo_count": "Количество",
    "s5": "5. Результаты социального проекта:",
    "s6": "6. Анализ вклада партнеров (если есть), органов власти, структур, оказывавших поддержку в "
          "реализации социального проекта",
    "partners_title": "Партнеры социального проекта",
    "par_no": "№",
    "par_name": "Наименование организации /ФИО партнера",
    "par_role": "Роль в проекте",
    "par_contacts": "Контакты организации, партнера",
    "par_note": "Примечание",
    # interim work table and publications
    "w_no": "№",
    "w_task": "Задача мероприятия",
    "w_title": "Мероприятий согласно Детальному плану",
    "w_date": "Срок исполнения мероприятия",
    "w_outcome": "Уровень достижения целевых индикаторов по продуктам социального проекта",
    "w_participants": "Количество участников",
    "w_description": "Описание (если, на момент сдачи отчетности выполнено частично, то описывается "
                     "выполненная работа)",
    "w_evidence": "Приложенные подтверждающие документы (фото, ссылки и списки)",
    "w_cost": "Стоимость мероприятия",
    "works_title": "1. Информация о выполненных работах",
    "media_title": "2. Освещение деятельности (включая рекламу) в СМИ, социальных сетях",
    "p_outlet": "СМИ, социальные сети",
    "p_title": "Название публикации",
    "p_reach": "Охват, уровень",
    "p_count": "Количество публикаций",
    "p_date": "Дата выхода, ссылка",
    "p_of_which": "из них:",
    "p_partners": "Публикации партнеров и СМИ",
    "success": "3. Напишите историю успеха по определенному действию, если имеются",
    "signature": "Должность, Ф.И.О (при его наличии) руководителя, либо его заместителя",
}

_RU_2024 = {
    "title": ("ИТОГОВЫЙ ПРОГРАММНЫЙ ОТЧЕТ",),
    "h_grantee": "Наименование грантополучателя",
    "h_topic": "Наименование социального проекта",
    "h_amount": "Сумма гранта, тенге",
    "h_agreement": "Договор",
    "h_period": "Период реализации",
    "agreement_value": "№ {number} от {date}",
    "s1": "1. Описание мероприятий социального проекта",
    "dates_line": "Сроки проведения:",
    "place_line": "Место проведения:",
    "col_no": "№ п/п",
    "col_title": "Наименование мероприятия",
    "col_plan": "Плановое значение индикатора",
    "col_fact": "Фактическое значение индикатора",
    "col_deviation": "Отклонение, %",
    "col_note": "Примечание",
    "col_task": "Задача",
    "total": "Итого",
    "not_in_total": "не входит в «Итого»: не количество участников",
    "eff_unit": "Ед. изм.",
    "eff_plan": "План",
    "eff_fact": "Факт",
    "s4": "4. Сведения об участниках социального проекта",
    "demo_category": "Категория участников",
    "demo_count": "Количество, чел.",
    "demo_total": "Всего участников",
    "group_gender": "По полу",
    "group_status": "По социальному статусу",
    "group_age": "По возрасту",
    "par_name": "Наименование партнера",
    "par_role": "Роль в проекте",
    "par_contacts": "Контакты",
}

_KK_2022 = {
    "title": ("ҚОРЫТЫНДЫ", "БАҒДАРЛАМАЛЫҚ ЕСЕП"),
    "interim_title": ("АРАЛЫҚ БАҒДАРЛАМАЛЫҚ ЕСЕП",),
    "grantee": "Грант алушы:",
    "topic": "Гранттың тақырыбы:",
    "amount": "Гранттың сомасы:",
    "currency": "теңге",
    "s1": "1. Әлеуметтік жоба аясындағы іс-шараларды сипаттаңыз",
    "s1_intro": "Жобаны іске асыру аясында мынадай іс-шаралар жоспарланды:",
    "task_word": "Міндет",
    "activity_word": "Іс-шара",
    "fill_results": "Кестені толтырып, жоспарланған нәтижелердің алынған нәтижелерге сәйкестігін сипаттаңыз",
    "goal": "Жобаның мақсаты:",
    "achieved": "Жобаны іске асырудан қол жеткізілген нәтиже:",
    "col_task": "Міндет",
    "col_title": "Міндет аясындағы іс-шаралар",
    "col_short": "Қол жеткізілген қысқа мерзімді нәтижелер (іс-шараларға)",
    "col_quant": "Сандық және сапалық индикаторлар",
    "col_indicators": "Индикаторлар",
    "col_plan": "жоспар",
    "col_fact": "факт",
    "col_effect": "Әсер",
    "short_prefix": "Қысқа мерзімді нәтижелер:",
    "quant_text": "Қатысушылар саны кемінде {plan}",
    "total": "БАРЛЫҒЫ",
    "fill_effect": "Әлеуметтік жобаның әлеуметтік және экономикалық әсерлерін көрсете отырып, кестені толтырыңыз",
    "eff_no": "№",
    "eff_indicator": "Индикатор",
    "eff_unit": "Өлшем бірлігі",
    "eff_plan": "Жоспарланған деңгей",
    "eff_fact": "Нақты деңгей",
    "deviations": "Жоба бойынша жоспардан ауытқудың негіздемесін сипаттаңыз:",
    "s2": "2. Мақсатқа қол жеткізу (фактілерді сипаттау және мақсатқа қол жеткізу туралы дәлелдерді көрсету):",
    "s3": "3. Әлеуметтік жоба аяқталғаннан кейін және/немесе оны іске асыру барысында болған әлеуметтік және "
          "басқа да өзгерістерді өлшеу",
    "s4": "4. Әлеуметтік жобаға қатысушылар бөлінісіндегі статистикалық ақпарат (бағдарламалық аралық есепті "
          "ұсыну сәтіндегі):",
    "gender_title": "Гендерлік көрсеткіш:",
    "status_title": "Санаттар бойынша әлеуметтік мәртебесі:",
    "age_title": "Жас көрсеткіші:",
    "demo_total": "Жобаға қатысушылардың жалпы саны",
    "demo_category": "Қатысушылар санаты",
    "demo_count": "Саны",
    "s5": "5. Әлеуметтік жобаның нәтижелері:",
    "s6": "6. Әлеуметтік жобаны іске асыруға қолдау көрсеткен серіктестердің (бар болса), билік органдарының, "
          "құрылымдардың үлесін талдау",
    "partners_title": "Әлеуметтік жобаның серіктестері",
    "par_no": "№",
    "par_name": "Ұйымның атауы / серіктестің Т.А.Ә.",
    "par_role": "Жобадағы рөлі",
    "par_contacts": "Ұйымның, серіктестің байланыс деректері",
    "par_note": "Ескертпе",
}

_KK_2024 = {  # translations [TR]
    "title": ("ҚОРЫТЫНДЫ БАҒДАРЛАМАЛЫҚ ЕСЕП",),
    "h_grantee": "Грант алушының атауы",
    "h_topic": "Әлеуметтік жобаның атауы",
    "h_amount": "Гранттың сомасы, теңге",
    "h_agreement": "Шарт",
    "h_period": "Іске асыру кезеңі",
    "agreement_value": "{date} № {number}",
    "s1": "1. Әлеуметтік жобаның іс-шараларын сипаттау",
    "dates_line": "Өткізу мерзімі:",
    "place_line": "Өткізу орны:",
    "col_no": "Р/с №",
    "col_title": "Іс-шараның атауы",
    "col_plan": "Индикатордың жоспарлы мәні",
    "col_fact": "Индикатордың нақты мәні",
    "col_deviation": "Ауытқу, %",
    "col_note": "Ескертпе",
    "col_task": "Міндет",
    "total": "Барлығы",
    "not_in_total": "«Барлығы» жолына кірмейді: қатысушылар саны емес",
    "eff_unit": "Өлш. бірл.",
    "eff_plan": "Жоспар",
    "eff_fact": "Нақты",
    "s4": "4. Әлеуметтік жобаға қатысушылар туралы мәліметтер",
    "demo_category": "Қатысушылар санаты",
    "demo_count": "Саны, адам",
    "demo_total": "Барлық қатысушылар",
    "group_gender": "Жынысы бойынша",
    "group_status": "Әлеуметтік мәртебесі бойынша",
    "group_age": "Жасы бойынша",
    "par_name": "Серіктестің атауы",
    "par_role": "Жобадағы рөлі",
    "par_contacts": "Байланыс деректері",
}

# Other words for the same columns and rows (FORMS.md §3 and common usage).
_SYNONYMS = {
    "ru": {
        "col_title": "Мероприятия",
        "col_short": "Краткосрочные результаты",
        "col_quant": "Индикаторы (количественные и качественные)",
        "col_plan": "План",
        "col_fact": "Факт",
        "col_effect": "Эффект (результат)",
        "eff_indicator": "Показатель",
        "eff_unit": "Ед. изм.",
        "eff_plan": "План",
        "eff_fact": "Факт",
        "demo_total": "Всего участников",
        "par_name": "Наименование партнера",
        "par_contacts": "Контакты",
        "par_note": "Примечание",
        "total": "Всего",
        "w_task": "Задача",
        "w_title": "Мероприятия согласно Детальному плану",
        "w_date": "Сроки проведения",
        "w_outcome": "Уровень достижения",
        "w_participants": "Кол-во участников",
        "w_description": "Описание",
        "w_evidence": "Подтверждающие документы",
        "w_cost": "Стоимость",
        "p_outlet": "СМИ, соцсети",
        "p_title": "Наименование публикации",
        "p_reach": "Охват",
        "p_count": "Кол-во публикаций",
        "p_date": "Дата, ссылка",
    },
    "kk": {
        "col_title": "Іс-шаралар",
        "col_short": "Қысқа мерзімді нәтижелер",
        "col_plan": "Жоспар",
        "col_fact": "Нақты",
        "col_effect": "Нәтиже",
        "eff_indicator": "Көрсеткіш",
        "eff_plan": "Жоспар",
        "eff_fact": "Нақты",
        "demo_total": "Барлығы",
        "par_name": "Серіктестің атауы",
        "par_contacts": "Байланыс",
        "total": "ЖИЫНЫ",
    },
}

# One or two typing errors per label, of the kind the seeds show («Мероприятий согласно»,
# «из социально-уязвимые»): a letter doubled, dropped or swapped, a space lost.
_TYPOS = {
    "ru": {
        "col_title": "Мероприятия в рамкх задачи",
        "col_short": "Краткосрочнные достигнутые результаты",
        "col_quant": "Количественые и качественные индикаторы",
        "col_plan": "плaн",  # Latin a
        "col_effect": "Эфект",
        "eff_indicator": "Индикатр",
        "eff_unit": "Единица измереня",
        "eff_plan": "Планируемыйуровень",
        "eff_fact": "Фактичекий уровень",
        "demo_total": "Количество участников проекта  всего",
        "par_role": "Роль в проектe",
        "par_contacts": "Контакты организациии, партнера",
        "w_date": "Срок исполненя мероприятия",
        "w_participants": "Количество участнков",
        "w_evidence": "Приложенные подтверждающие докуметы",
        "w_cost": "Стоимость мероприятя",
        "p_title": "Название пубикации",
        "p_reach": "Охват,уровень",
    },
    "kk": {
        "col_title": "Міндет аясындағы іс-шаралр",
        "col_short": "Қол жеткізілген қысқа мерзімдi нәтижелер (іс-шараларға)",  # Latin i
        "eff_unit": "Өлшем бірлігi",  # Latin i for і, an old keyboard's habit
        "eff_plan": "Жоспарланған деңгеи",
        "demo_total": "Жобаға қатысушылардың жалпы сан",
        "par_role": "Жобадағы рөлi",
    },
}

# Units as written, by schema unit key.
UNIT_WORDS = {
    ("2022", "ru"): {"person": "человек", "kzt": "тенге", "organization": "организация", None: "организация/человек"},
    ("2024", "ru"): {"person": "чел.", "kzt": "тг", "organization": "орг.", None: "орг./чел."},
    ("2022", "kk"): {"person": "адам", "kzt": "теңге", "organization": "ұйым", None: "ұйым/адам"},
    ("2024", "kk"): {"person": "адам", "kzt": "тг", "organization": "ұйым", None: "ұйым/адам"},
}

# Reworded effect lines of the 2024 edition, by key (issue 12: «благополучателей» for «бенефициаров»).
EFFECT_NAMES_2024 = {
    "ru": {
        "payroll_kzt": "Фонд оплаты труда",
        "taxes_kzt": "Налоги и отчисления (СН, СО, ОСМС) штатных сотрудников",
        "economic_contribution_kzt": "Вклад в экономику (приобретение товаров, работ и услуг)",
        "direct_beneficiaries": "Количество прямых благополучателей",
        "direct_beneficiaries_vulnerable": "в т.ч. из социально уязвимых слоев населения",
        "indirect_beneficiaries": "Количество косвенных благополучателей (охват через СМИ)",
        "staff": "Количество штатных сотрудников",
        "specialists": "Количество привлеченных специалистов",
        "specialists_vulnerable": "в т.ч. из социально уязвимых слоев населения",
        "ngos_covered": "Количество охваченных НПО",
        "partners": "Количество партнеров проекта",
    },
    "kk": {
        "payroll_kzt": "Еңбекке ақы төлеу қоры",
        "taxes_kzt": "Штаттық қызметкерлердің салықтары мен аударымдары (ӘС, ӘА, МӘМС)",
        "economic_contribution_kzt": "Экономикаға қосқан үлес (тауарларды, жұмыстарды және қызметтерді сатып алу)",
        "direct_beneficiaries": "Тікелей пайда алушылардың саны",
        "direct_beneficiaries_vulnerable": "оның ішінде халықтың әлеуметтік осал топтарынан",
        "indirect_beneficiaries": "Жанама пайда алушылардың саны (БАҚ арқылы қамту)",
        "staff": "Штаттық қызметкерлердің саны",
        "specialists": "Тартылған мамандардың саны",
        "specialists_vulnerable": "оның ішінде халықтың әлеуметтік осал топтарынан",
        "ngos_covered": "Қамтылған ҮЕҰ саны",
        "partners": "Жоба серіктестерінің саны",
    },
}
# The money lines come first in the 2024 edition.
EFFECT_ORDER_2024 = ("payroll_kzt", "taxes_kzt", "economic_contribution_kzt", "direct_beneficiaries",
                     "direct_beneficiaries_vulnerable", "indirect_beneficiaries", "staff", "specialists",
                     "specialists_vulnerable", "ngos_covered", "partners")

# Participants' categories, by edition and language (the 2022 labels are the samples' own).
CATEGORY_LABELS = {
    ("2024", "ru"): {
        "male": "Мужчины", "female": "Женщины",
        "children": "Дети (до 14 лет)", "youth": "Молодежь (14-35 лет)", "civil_servants": "Госслужащие",
        "public_sector_employees": "Работники бюджетной сферы", "disabled": "Лица с инвалидностью",
        "elderly": "Пожилые люди (от 50 лет)", "unemployed": "Безработные",
        "ngo_representatives": "Представители НПО", "business": "Представители бизнеса",
        "other": "Другие категории",
    },
    ("2024", "kk"): {
        "male": "Ерлер", "female": "Әйелдер",
        "children": "Балалар (14 жасқа дейін)", "youth": "Жастар (14-35 жас)",
        "civil_servants": "Мемлекеттік қызметшілер", "public_sector_employees": "Бюджеттік сала қызметкерлері",
        "disabled": "Мүгедектігі бар адамдар", "elderly": "Егде жастағы адамдар (50 жастан бастап)",
        "unemployed": "Жұмыссыздар", "ngo_representatives": "ҮЕҰ өкілдері", "business": "Бизнес өкілдері",
        "other": "Басқа санаттар",
    },
}


def age_label(lo: int | None, hi: int | None, edition: str, language: str, original: str) -> str:
    """How an age bracket is written: the sample's own label in 2022, «от 14 до 18 лет» /
    «старше 60 лет» (61+) in 2024."""
    if edition == "2022":
        return original
    if language == "ru":
        if hi is None:
            return f"старше {lo - 1} лет"
        return f"от {lo} до {hi} лет"
    if hi is None:
        return f"{lo - 1} жастан асқан"
    return f"{lo} жастан {hi} жасқа дейін"


# Platform prefixes of the outlet cell (samples' style).
OUTLET_PREFIX = {"facebook": "Fb: ", "instagram": "Insta: ", "website": "Сайт ", "telegram": "Telegram: ",
                 "youtube": "YouTube: ", "tiktok": "TikTok: ", "vk": "VK: "}

_BASE = {("2022", "ru"): _RU_2022, ("2022", "kk"): _KK_2022}


def labels(edition: str, language: str, style: str = "standard") -> dict:
    """Every label the renderers write, for one edition, language and label style."""
    out = dict(_BASE[("2022", language)])
    if edition == "2024":
        out.update(_RU_2024 if language == "ru" else _KK_2024)
    if style == "synonyms":
        out.update(_SYNONYMS[language])
    elif style == "typos":
        out.update(_TYPOS[language])
    elif style != "standard":
        raise ValueError(f"label style {style!r}")
    return out
