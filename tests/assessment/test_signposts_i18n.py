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
