"""The translated signposts say what the rules say."""

from django.utils import translation

from polku.assessment import early_warnings, signposts


def test_every_rule_has_a_translatable_message_with_the_same_english_text():
    assert set(signposts.MESSAGES) == {rule.code for rule in early_warnings.RULES}
    with translation.override("en"):
        for rule in early_warnings.RULES:
            reason, suggestion = signposts.MESSAGES[rule.code]
            assert str(reason) == rule.reason
            assert str(suggestion) == rule.suggestion


def test_translate_fills_in_the_parameters():
    (found,) = early_warnings.signposts(early_warnings.Facts(score=2))
    with translation.override("en"):
        shown = signposts.translate(found)
    assert shown.reason == "The client rates their work ability 2/10 (5 or less)."
    assert shown.code == "low_work_ability"


def test_legal_sources_are_translated_and_cited_in_each_languages_style():
    (found,) = early_warnings.signposts(early_warnings.Facts(score=2))
    expected = {
        "fi": "Terveydenhuoltolaki (1326/2010) 13 §",
        "sv": "Hälso- och sjukvårdslagen (1326/2010) 13 §",
        "en": "Health Care Act (1326/2010), section 13",
    }
    for language, text in expected.items():
        with translation.override(language):
            assert signposts.translate(found).legal_source == text


def test_a_law_without_a_section_and_several_laws():
    (found,) = early_warnings.signposts(early_warnings.Facts(absence_days=45))
    with translation.override("fi"):
        shown = signposts.translate(found).legal_source
    # After the semicolon in running text: the name in lower case (fi and sv).
    assert shown == "Sairausvakuutuslaki (1224/2004); työterveyshuoltolaki (1383/2001) 10 §"
    with translation.override("sv"):
        shown = signposts.translate(found).legal_source
    assert shown == "Sjukförsäkringslagen (1224/2004); lagen om företagshälsovård (1383/2001) 10 §"
    with translation.override("en"):
        shown = signposts.translate(found).legal_source
    assert shown == (
        "Health Insurance Act (1224/2004); Occupational Health Care Act (1383/2001), section 10"
    )


def test_every_cited_law_has_a_translatable_name():
    for rule in early_warnings.RULES:
        for citation in rule.citations:
            assert citation.law in signposts.LAWS
            assert "§" not in citation.law + citation.number + citation.section


def test_every_narrower_suggestion_is_translatable_with_the_same_english_text():
    texts = {text for rule in early_warnings.RULES for _left, text, _c in rule.narrower}
    assert texts == set(signposts.NARROWER)
    with translation.override("en"):
        assert all(str(signposts.NARROWER[text]) == text for text in texts)
    with translation.override("fi"):
        assert all(str(signposts.NARROWER[text]) != text for text in texts)
