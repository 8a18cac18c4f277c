"""One language detector: BM25's translations and the engine's floors follow the same call."""

from __future__ import annotations

import pytest

from assistant.extractive import analyse
from assistant.language import WORD_RE, asks_for_examples, detect_language, fold
from assistant.lexical import Analyzer
from assistant.lexicon import ENGLISH_ALIASES, LEXICON

# Each question holds a lexicon word, so BM25 adding translations would change its terms.
AGREEMENT = [
    ("Quel est le budget du LIFE programme ?", "fr"),  # English names in a French question
    ("Quelles sont les conditions de l'Ecolabel ?", "fr"),
    ("Welche Voraussetzungen gibt es für EMAS?", "de"),
    ("¿Cuáles son los requisitos del Ecolabel?", "es"),
    # short English questions naming something in another language: "die", "la", "de" ...
    ("What conditions does Die Grüne Welle set?", "en"),
    ("Which options does Anne de la Rue offer?", "en"),
    ("Tell me about Banco de España's options", "en"),
    ("Who pays the fee for the label?", "en"),  # "pays" is French for countries
]


@pytest.mark.parametrize(("question", "language"), AGREEMENT)
def test_the_lexical_side_and_the_engine_agree_with_the_one_detector(question, language):
    assert any(fold(w) in LEXICON for w in WORD_RE.findall(question))
    assert detect_language(question) == language
    assert analyse(question).language == language
    translated = Analyzer().query_terms(question)
    plain = Analyzer(translate=False).query_terms(question)
    if language != "en":
        assert translated != plain
    else:  # only the English aliases of its words ("fee" -> "cost"), never a translation
        words = [fold(w) for w in WORD_RE.findall(question)]
        aliases = " ".join(e for w in words for e in ENGLISH_ALIASES.get(w, ()))
        assert set(translated) - set(plain) <= set(Analyzer().document_terms(aliases))


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Et pour les PME ?", "fr"),
        ("Qu'est-ce que l'EMAS ?", "fr"),
        ("Wer kann sich bewerben?", "de"),
        ("¿Y el plazo?", "es"),
        ("Was kostet EMAS?", "de"),  # "was" is English too: "kostet" is only German
        ("Combien coûte EMAS ?", "fr"),
        ("Was bedeutet Ökodesign?", "de"),  # "was": English too; "bedeutet" only German
        ("Que signifie écoconception ?", "fr"),
        ("¿Qué significa ecodiseño?", "es"),  # "que" is French too: "¿" opens only Spanish
        ("EMAS?", "en"),  # nothing to go on: English, the corpus language
        ("Is Le Petit Ballon an SME?", "en"),
        ("Who runs La Poste's green fleet?", "en"),
    ],
)
def test_short_and_mixed_questions(question, language):
    assert detect_language(question) == language


def test_a_carried_over_topic_does_not_change_the_language():
    # the topic words come from an earlier turn, not from how the user writes now
    english = "And the deadline? (about: notre programme dans les régions)"
    french = "Et la date limite ? (about: the LIFE programme for SMEs)"
    assert detect_language(english) == analyse(english).language == "en"
    assert detect_language(french) == analyse(french).language == "fr"
    assert Analyzer().query_terms(english) == Analyzer(translate=False).query_terms(english)


def test_an_eszett_word_meets_its_lexicon_entry_on_the_lexical_side():
    # the lexicon is keyed by folded words ("massnahmen"); lower() alone keeps the "ß"
    terms = Analyzer().query_terms("Welche Maßnahmen fördert das Programm?")
    assert "measur" in terms and "massnahmen" in terms
    assert Analyzer().document_terms("Straße") == Analyzer().document_terms("strasse")


def test_a_french_elided_article_or_inverted_pronoun_does_not_hide_the_word():
    # "d'eau" never met the lexicon's "eau" (water), nor "contient-elle" the verb: French
    # questions about a dripping tap or I-GO's database were declined for want of support
    question = analyse("Un robinet qui goutte, ça gaspille combien d'eau par an ?")
    assert "eau" in question.terms and "water" in question.aliases["eau"]
    question = analyse("Combien de ressources la base de données d'I-GO contient-elle ?")
    assert {"i-go", "contient"} <= set(question.terms)
    assert not {"d'i-go", "contient-ell", "ell"} & set(question.terms)
    # English words with an apostrophe are left alone
    assert "compani" in analyse("What is the company's role?").terms


@pytest.mark.parametrize(
    "question", ["¿Cuánto cuesta el registro?", "Wie viel kostet die Registrierung?"]
)
def test_the_verb_asking_what_something_costs_is_translated(question):
    # "cuesta", "kostet": only the nouns ("coste", "Kosten") were in the lexicon
    assert "cost" in Analyzer().query_terms(question)


@pytest.mark.parametrize(
    "question",
    ["Any examples?", "Gibt es ein Beispiel?", "Avez-vous un exemple ?", "¿Hay algún ejemplo?"],
)
def test_a_question_asking_for_one_example_or_several_asks_for_examples(question):
    assert asks_for_examples(question)
