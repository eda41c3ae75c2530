"""The region a report names (the forms have no region field)."""

from __future__ import annotations

import pytest

from esep.outputs.regions import NOT_NAMED, SEVERAL, region_of, regions_named


@pytest.mark.parametrize("text, regions", [
    ("Гражданский Альянс Мангистауской области", {"mangystau"}),
    ("«Эко Мангистау»", {"mangystau"}),
    ("Түркістан облысының ауылдық елді мекендерінде", {"turkistan"}),
    ("в Алматинской области", {"almaty_region"}),
    ("Алматы облысында", {"almaty_region"}),
    ("г. Алматы", {"almaty"}),
    ("Алматыда", {"almaty"}),
    ("Алматинский район г. Астаны", {"astana"}),   # a district of Astana, not Almaty region
    ("улица Абая, 10", set()),                      # a street, not Abai region
    ("Жетысуский район", set()),                    # a district of Almaty, not Zhetysu region
    ("Жетісу облысы", {"zhetysu"}),
    ("в Кызылординской и Туркестанской областях", {"kyzylorda", "turkistan"}),
    ("", set()),
])
def test_regions_named(text, regions):
    assert regions_named(text) == regions


def test_the_first_text_that_names_a_region_decides():
    assert region_of("ОО «Жасыл Дала»", "Түркістан облысының жастары", ["г. Шымкент"]) == "turkistan"
    assert region_of("Альянс Мангистауской области", "в Кызылординской области", []) == "mangystau"
    assert region_of("ОО «Жасыл Дала»", "экология", ["в Доме дружбы", "Шымкент қаласында"]) == "shymkent"
    assert region_of("ОО «Жасыл Дала»", "в Кызылординской и Туркестанской областях", []) == SEVERAL
    assert region_of(None, None, [None, "в Доме дружбы"]) == NOT_NAMED
