"""The words of the summary page in Russian (the default), Kazakh and English.

``text(lang, key, **values)`` gives a sentence of the page, ``label(lang,
group, value)`` the name of a value of the data (a report type, a
platform, a region...), falling back to the value itself.  Data stays as
written: grantee names, titles and the findings' messages are not
translated.
"""

from __future__ import annotations

LANGS = ("ru", "kk", "en")

# key -> (ru, kk, en)
TEXT: dict[str, tuple[str, str, str]] = {
    "title": ("Сводка по отчётам о грантах", "Гранттар бойынша есептердің жиынтығы", "Summary of the grant reports"),
    "made_from": ("Набор данных {path}, версия {version}, записан {date}; esep {parser}.",
                  "Деректер жиыны {path}, {version}-нұсқа, {date} жазылған; esep {parser}.",
                  "Dataset {path}, version {version}, written {date}; esep {parser}."),
    "counted_once": ("Каждый отчёт считается один раз: копии того же отчёта в другом файле (duplicate_of) не "
                     "учтены нигде на этой странице; таких копий: {copies}.",
                     "Әр есеп бір рет саналады: сол есептің басқа файлдағы көшірмелері (duplicate_of) бұл бетте "
                     "еш жерде есепке алынбады; мұндай көшірмелер: {copies}.",
                     "Each report is counted once: copies of a report in another file (duplicate_of) are left out "
                     "everywhere on this page; copies left out: {copies}."),
    "kpi_reports": ("отчётов", "есеп", "reports"),
    "kpi_failed": ("файлов не прочитано", "файл оқылмады", "files not read"),
    "kpi_activities": ("мероприятий", "іс-шара", "activities"),
    "kpi_participants": ("участников по факту (сумма мероприятий)", "нақты қатысушы (іс-шаралар сомасы)",
                         "participants, actual (sum over activities)"),
    "kpi_publications": ("публикаций (строк)", "жарияланым (жол)", "publications (rows)"),
    "kpi_reach": ("охват публикаций", "жарияланымдардың қамтуы", "reach of the publications"),
    "kpi_findings": ("замечаний", "ескерту", "findings"),
    "counts": ("Считает:", "Санайды:", "Counts:"),
    "table_of_figure": ("Числа графика", "Графиктің сандары", "The chart's figures"),
    "no_data": ("Нет данных.", "Деректер жоқ.", "No data."),
    "total": ("Всего", "Барлығы", "Total"),
    # coverage
    "h_coverage": ("Состав данных", "Деректер құрамы", "Coverage"),
    "f_year_type": ("Отчёты по годам и типам", "Есептер жылдар мен түрлер бойынша", "Reports by year and type"),
    "c_year_type": ("отчёты (каждый один раз) по report_year, по типу отчёта (report_type).",
                    "есептер (әрқайсысы бір рет) report_year бойынша, есеп түрі (report_type) бойынша.",
                    "reports (each once) by report_year, stacked by report type (report_type)."),
    "f_language": ("Отчёты по языку", "Есептер тілі бойынша", "Reports by language"),
    "c_language": ("отчёты (каждый один раз) по основному языку формы (language).",
                   "есептер (әрқайсысы бір рет) нысанның негізгі тілі (language) бойынша.",
                   "reports (each once) by the main language of the form (language)."),
    "f_region": ("Отчёты по регионам", "Есептер өңірлер бойынша", "Reports by region"),
    "c_region": ("отчёты (каждый один раз) по региону, названному в наименовании грантополучателя, "
                 "иначе в теме гранта, иначе в местах проведения мероприятий; в формах нет поля региона.",
                 "есептер (әрқайсысы бір рет) грант алушының атауында, болмаса гранттың тақырыбында, "
                 "болмаса іс-шаралар өткен жерлерде аталған өңір бойынша; нысандарда өңір өрісі жоқ.",
                 "reports (each once) by the region named in the grantee's name, else in the grant topic, "
                 "else in the activities' venues; the forms have no region field."),
    "h_files": ("Файлы", "Файлдар", "Files"),
    "c_files": ("строки таблицы files по статусу.", "files кестесінің жолдары мәртебесі бойынша.",
                "rows of the files table by status."),
    "h_failed": ("Не прочитаны", "Оқылмағандар", "Could not be read"),
    "none_failed": ("Все файлы прочитаны.", "Барлық файл оқылды.", "Every file was read."),
    "h_reports": ("Отчёты", "Есептер", "Reports"),
    "col_file": ("Файл", "Файл", "File"),
    "col_reason": ("Причина", "Себебі", "Reason"),
    "col_status": ("Статус", "Мәртебе", "Status"),
    "col_count": ("Число", "Саны", "Count"),
    "col_grantee": ("Грантополучатель", "Грант алушы", "Grantee"),
    "col_type": ("Тип", "Түрі", "Type"),
    "col_year": ("Год", "Жыл", "Year"),
    "col_language": ("Язык", "Тілі", "Language"),
    "col_region": ("Регион", "Өңір", "Region"),
    "col_findings": ("Замечания", "Ескертулер", "Findings"),
    # plan and fact
    "h_plan": ("План и факт", "Жоспар мен нақты", "Plan and fact"),
    "f_plan": ("Участники мероприятий: план и факт по отчётам", "Іс-шаралар қатысушылары: есептер бойынша жоспар мен нақты",
               "Activity participants: plan and fact per report"),
    "c_plan": ("сумму participants_planned (план) и participants_actual (факт) по мероприятиям каждого отчёта; "
               "мероприятие без числа не входит в сумму. Это посещения, а не разные люди. Промежуточный и "
               "итоговый отчёты одного гранта показаны отдельно и не складываются.",
               "әр есептің іс-шаралары бойынша participants_planned (жоспар) және participants_actual (нақты) "
               "сомасы; саны жоқ іс-шара сомаға кірмейді. Бұл қатысулар, әртүрлі адамдар емес. Бір гранттың "
               "аралық және қорытынды есептері бөлек көрсетіледі және қосылмайды.",
               "the sum of participants_planned (plan) and participants_actual (fact) over each report's "
               "activities; an activity without a figure is not in the sum. These are attendances, not "
               "distinct people. The interim and final reports of one grant are shown apart, never added."),
    "c_plan_top": ("На графике {shown} отчётов с наибольшими числами из {total}; в таблице под ним — все.",
                   "Графикте {total} есептің ең үлкен сандары бар {shown} есебі; астындағы кестеде — барлығы.",
                   "The chart shows the {shown} reports with the largest figures of {total}; the table below "
                   "lists them all."),
    "planned": ("план", "жоспар", "plan"),
    "actual": ("факт", "нақты", "fact"),
    "col_activities": ("Мероприятий", "Іс-шара", "Activities"),
    "col_with_plan": ("из них с планом", "оның ішінде жоспармен", "with a plan"),
    "col_planned": ("План", "Жоспар", "Plan"),
    "col_actual": ("Факт", "Нақты", "Fact"),
    "col_project_total": ("Итого по проекту (план / факт)", "Жоба бойынша барлығы (жоспар / нақты)",
                          "Project total (plan / fact)"),
    "col_under": ("Ниже плана", "Жоспардан төмен", "Below plan"),
    "h_under": ("Мероприятия ниже плана", "Жоспардан төмен іс-шаралар", "Activities below plan"),
    "c_under": ("мероприятия, у которых participants_actual меньше participants_planned.",
                "participants_actual мәні participants_planned мәнінен аз іс-шаралар.",
                "activities whose participants_actual is below participants_planned."),
    "none_under": ("Нет мероприятий ниже плана.", "Жоспардан төмен іс-шара жоқ.", "No activity is below plan."),
    "col_report": ("Отчёт", "Есеп", "Report"),
    "col_activity": ("Мероприятие", "Іс-шара", "Activity"),
    "col_where": ("Где", "Қайда", "Where"),
    # reach
    "h_reach": ("Охват по платформам", "Платформалар бойынша қамту", "Reach by platform"),
    "f_reach": ("Охват публикаций по платформам", "Платформалар бойынша жарияланымдардың қамтуы",
                "Reach of the publications by platform"),
    "c_reach": ("сумму reach публикаций по platform; собственные каналы и публикации партнёров и СМИ — части "
                "столбца. Охват как указан в отчётах: {flagged} строк с замечанием reach_count_swapped учтены "
                "как записаны.",
                "жарияланымдардың reach сомасы platform бойынша; өз арналары мен серіктестер мен БАҚ "
                "жарияланымдары — бағанның бөліктері. Қамту есептерде жазылғандай: reach_count_swapped "
                "ескертуі бар {flagged} жол жазылғандай есептелді.",
                "the sum of the publications' reach by platform, stacked by own channels and partners' and "
                "media publications. Reach as the reports state it: {flagged} rows with a reach_count_swapped "
                "finding are counted as written."),
    "col_platform": ("Платформа", "Платформа", "Platform"),
    "col_rows": ("Публикаций (строк)", "Жарияланымдар (жол)", "Publications (rows)"),
    # demographics
    "h_demo": ("Участники: пол, возраст, социальный статус", "Қатысушылар: жынысы, жасы, әлеуметтік мәртебесі",
               "Participants: gender, age, social status"),
    "c_demo": ("сумму count таблиц участников {with_tables} отчётов из {reports}; человек, участвовавший в "
               "двух проектах, считается дважды.",
               "{reports} есептің {with_tables} есебіндегі қатысушылар кестелерінің count сомасы; екі жобаға "
               "қатысқан адам екі рет саналады.",
               "the sum of count in the participants' tables of {with_tables} of {reports} reports; a person "
               "in two projects counts twice."),
    "f_gender": ("Пол по годам", "Жылдар бойынша жынысы", "Gender by year"),
    "c_gender": ("участники по полу (dimension gender), по году отчёта.",
                 "қатысушылар жынысы (dimension gender) бойынша, есеп жылы бойынша.",
                 "participants by gender (dimension gender), by the report's year."),
    "f_age": ("Возрастная пирамида", "Жас пирамидасы", "Age pyramid"),
    "c_age": ("участники по возрастным группам (dimension age), младшие внизу. Формы дают возраст и пол в "
              "разных таблицах, поэтому пирамида не разделена по полу.",
              "қатысушылар жас топтары (dimension age) бойынша, жастары төменде. Нысандар жас пен жынысты "
              "бөлек кестелерде береді, сондықтан пирамида жынысқа бөлінбеген.",
              "participants by age bracket (dimension age), youngest at the bottom. The forms give age and "
              "gender in separate tables, so the pyramid is not split by gender."),
    "f_status": ("Социальный статус", "Әлеуметтік мәртебе", "Social status"),
    "c_status": ("участники по социальному статусу (dimension social_status); один человек может входить в "
                 "несколько групп.",
                 "қатысушылар әлеуметтік мәртебесі (dimension social_status) бойынша; бір адам бірнеше топқа "
                 "кіруі мүмкін.",
                 "participants by social status (dimension social_status); one person may be in several groups."),
    "col_category": ("Группа", "Топ", "Group"),
    # findings
    "h_findings": ("Замечания", "Ескертулер", "Findings"),
    "f_findings": ("Замечания по кодам", "Кодтар бойынша ескертулер", "Findings by code"),
    "c_findings": ("строки таблицы findings (отчёты, учтённые один раз) по code и severity. Значения кодов — "
                   "в docs/schema.md.",
                   "findings кестесінің жолдары (бір рет саналған есептер) code және severity бойынша. "
                   "Кодтардың мағынасы — docs/schema.md ішінде.",
                   "rows of the findings table (reports counted once) by code and severity. The codes' meanings "
                   "are in docs/schema.md."),
    "col_code": ("Код", "Код", "Code"),
    "col_severity": ("Важность", "Маңыздылығы", "Severity"),
    "col_meaning": ("Значение (англ.)", "Мағынасы (ағылш.)", "Meaning"),
    "h_per_report": ("Замечания по отчётам", "Есептер бойынша ескертулер", "Findings per report"),
    "col_message": ("Сообщение (англ.)", "Хабар (ағылш.)", "Message"),
    "col_value": ("Значение в отчёте", "Есептегі мәні", "Value in the report"),
    "page": ("стр. {n}", "{n}-бет", "p. {n}"),
    "place": ("табл. {table}, строка {row}", "{table}-кесте, {row}-жол", "table {table}, row {row}"),
    "open_file": ("открыть файл", "файлды ашу", "open the file"),
    "footer": ("Страница записана командой esep report; она не делает запросов и открывается без сети. Ссылки "
               "ведут к исходным файлам относительно этой страницы.",
               "Бетті esep report командасы жазды; ол сұраныс жасамайды және желісіз ашылады. Сілтемелер "
               "бастапқы файлдарға осы беттен бастап салыстырмалы түрде апарады.",
               "Written by esep report; the page makes no request and opens offline. Links lead to the source "
               "files, relative to this page."),
}

# group -> value -> (ru, kk, en)
LABELS: dict[str, dict[str, tuple[str, str, str]]] = {
    "report_type": {"interim": ("промежуточный", "аралық", "interim"),
                    "final": ("итоговый", "қорытынды", "final"),
                    "unknown": ("не распознан", "танылмаған", "not recognised")},
    "language": {"ru": ("русский", "орыс тілі", "Russian"), "kk": ("казахский", "қазақ тілі", "Kazakh"),
                 "mixed": ("смешанный", "аралас", "mixed"), "": ("не определён", "анықталмаған", "not determined")},
    "status": {"ok": ("прочитан", "оқылды", "read"), "failed": ("не прочитан", "оқылмады", "failed"),
               "duplicate": ("те же байты", "сол байттар", "same bytes"),
               "skipped": ("без изменений", "өзгеріссіз", "unchanged"),
               "ignored": ("не документ", "құжат емес", "not a document")},
    "platform": {"website": ("сайт", "сайт", "website"), "tv": ("ТВ", "ТД", "TV"), "radio": ("радио", "радио", "radio"),
                 "print": ("печать", "баспасөз", "print"), "other": ("другое", "басқа", "other"), "vk": ("VK", "VK", "VK"),
                 "facebook": ("Facebook", "Facebook", "Facebook"), "instagram": ("Instagram", "Instagram", "Instagram"),
                 "telegram": ("Telegram", "Telegram", "Telegram"), "youtube": ("YouTube", "YouTube", "YouTube"),
                 "tiktok": ("TikTok", "TikTok", "TikTok")},
    "section": {"own": ("собственные каналы", "өз арналары", "own channels"),
                "partners_media": ("партнёры и СМИ", "серіктестер мен БАҚ", "partners and media")},
    "gender": {"male": ("мужчины", "ерлер", "men"), "female": ("женщины", "әйелдер", "women")},
    "social_status": {
        "children": ("дети", "балалар", "children"), "youth": ("молодёжь", "жастар", "youth"),
        "civil_servants": ("госслужащие", "мемлекеттік қызметшілер", "civil servants"),
        "public_sector_employees": ("работники бюджетных организаций", "бюджеттік ұйымдардың қызметкерлері",
                                    "public sector employees"),
        "disabled": ("люди с инвалидностью", "мүгедектігі бар адамдар", "people with disabilities"),
        "elderly": ("люди старшего возраста", "егде жастағы адамдар", "older people"),
        "unemployed": ("безработные", "жұмыссыздар", "unemployed"),
        "ngo_representatives": ("представители НПО", "ҮЕҰ өкілдері", "NGO representatives"),
        "business": ("бизнес", "бизнес", "business"), "other": ("другие", "басқалар", "other")},
    "severity": {"error": ("ошибка", "қате", "error"), "warning": ("предупреждение", "ескерту", "warning"),
                 "info": ("сведение", "ақпарат", "info")},
    "year": {"": ("год не указан", "жылы көрсетілмеген", "year not stated")},
    "region": {
        "abai": ("Абайская обл.", "Абай облысы", "Abai Region"),
        "akmola": ("Акмолинская обл.", "Ақмола облысы", "Akmola Region"),
        "aktobe": ("Актюбинская обл.", "Ақтөбе облысы", "Aktobe Region"),
        "almaty_region": ("Алматинская обл.", "Алматы облысы", "Almaty Region"),
        "atyrau": ("Атырауская обл.", "Атырау облысы", "Atyrau Region"),
        "east_kazakhstan": ("Восточно-Казахстанская обл.", "Шығыс Қазақстан облысы", "East Kazakhstan Region"),
        "zhambyl": ("Жамбылская обл.", "Жамбыл облысы", "Zhambyl Region"),
        "zhetysu": ("Жетысуская обл.", "Жетісу облысы", "Zhetysu Region"),
        "west_kazakhstan": ("Западно-Казахстанская обл.", "Батыс Қазақстан облысы", "West Kazakhstan Region"),
        "karaganda": ("Карагандинская обл.", "Қарағанды облысы", "Karaganda Region"),
        "kostanay": ("Костанайская обл.", "Қостанай облысы", "Kostanay Region"),
        "kyzylorda": ("Кызылординская обл.", "Қызылорда облысы", "Kyzylorda Region"),
        "mangystau": ("Мангистауская обл.", "Маңғыстау облысы", "Mangystau Region"),
        "pavlodar": ("Павлодарская обл.", "Павлодар облысы", "Pavlodar Region"),
        "north_kazakhstan": ("Северо-Казахстанская обл.", "Солтүстік Қазақстан облысы", "North Kazakhstan Region"),
        "turkistan": ("Туркестанская обл.", "Түркістан облысы", "Turkistan Region"),
        "ulytau": ("Улытауская обл.", "Ұлытау облысы", "Ulytau Region"),
        "astana": ("г. Астана", "Астана қаласы", "Astana"),
        "almaty": ("г. Алматы", "Алматы қаласы", "Almaty"),
        "shymkent": ("г. Шымкент", "Шымкент қаласы", "Shymkent"),
        "several": ("несколько регионов", "бірнеше өңір", "several regions"),
        "not_named": ("не назван", "аталмаған", "not named"),
    },
}


def _index(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}")
    return LANGS.index(lang)


def text(lang: str, key: str, **values) -> str:
    words = TEXT[key][_index(lang)]
    return words.format(**values) if values else words


def label(lang: str, group: str, value) -> str:
    """The name of ``value`` of ``group`` in ``lang``; the value itself when it has none."""
    key = "" if value is None else str(value)
    names = LABELS.get(group, {}).get(key)
    return names[_index(lang)] if names else key


def number(lang: str, value) -> str:
    """``29364470`` -> ``29 364 470`` (ru, kk: a narrow no-break space) or ``29,364,470`` (en)."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        grouped = f"{value:,.1f}"
    else:
        grouped = f"{int(value):,}"
    return grouped if lang == "en" else grouped.replace(",", "\u202f").replace(".", ",")
