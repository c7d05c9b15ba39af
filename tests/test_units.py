"""geo.units: numbers and money as county reports write them."""

from geo import units


def test_yuan_number_in_each_languages_money_unit():
    assert units.yuan_number(1e9, "zh") == "10"
    assert units.yuan_number(3.55e9, "zh") == "35.5"
    assert units.yuan_number(3.55e9, "en") == "3.5"  # bn yuan; Python rounds half to even
    assert units.yuan_number(None, "zh") is None and units.yuan_number(float("nan"), "en") is None


def test_yuan_with_its_unit_and_per_year():
    assert units.yuan(2e10, "zh") == "200 亿元"
    assert units.yuan(2e10, "en") == "20 bn yuan"
    assert units.yuan(4e9, "zh", decimals=0, per_year=True) == "40 亿元/年"
    assert units.yuan(4e9, "en", decimals=0, per_year=True) == "4 bn yuan/yr"
    assert units.yuan(None, "zh") == "未报道"
