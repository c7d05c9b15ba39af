"""The language scanner the browser tests use (tests/langscan.py)."""

from tests.langscan import foreign_words


def test_zh_flags_english_words_but_not_units_codes_or_names():
    text = "装机 550 MW；电芯 PACK；编号 E-YUTUO、GEM-WIND、S1；来源 S2, S3, 示意位置；https://a.b/c；GEM 数据"
    assert foreign_words(text, "zh") == []
    assert foreign_words("来源 S2, ILLUSTRATIVE", "zh") == ["ILLUSTRATIVE"]
    assert foreign_words("业主 china guangdong nuclear windpower co ltd", "zh") == [
        "china", "guangdong", "ltd", "nuclear", "windpower"]


def test_en_flags_cjk_but_not_the_language_switch():
    assert foreign_words("Language 语言 · 中文 English · Chain map", "en") == []
    assert foreign_words("Township: 未报道", "en") == ["未报道"]
    assert foreign_words("Sources：S1", "en") == ["："]
