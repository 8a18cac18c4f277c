"""Follow-up resolution: deterministic topic carry-over, and the LLM rewrite over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openai_stub_server import OpenAIStub, Reply

from assistant.answering import Turn
from assistant.conversation import carry_over, is_followup, standalone_question
from assistant.extractive import ExtractiveEngine
from assistant.llm import LLMEngine, chat_model

FEE_CHAT = [
    Turn("user", "What is the maximum EU Ecolabel application fee for an SME?"),
    Turn("assistant", "SMEs pay at most EUR 600 [1]."),
]


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


def llm(stub: OpenAIStub) -> LLMEngine:
    model = chat_model("openai", "m", base_url=stub.base_url, api_key="k", timeout_s=2.0)
    return LLMEngine("openai:m", model, timeout_s=2.0)


def test_without_history_the_question_is_unchanged():
    assert standalone_question("And for a micro-enterprise?", []) == "And for a micro-enterprise?"


def test_a_follow_up_carries_the_previous_questions_topic():
    resolved = standalone_question("And for a micro-enterprise?", FEE_CHAT)
    assert resolved.startswith("And for a micro-enterprise?")
    for word in ("Ecolabel", "application", "fee"):
        assert word in resolved


def test_a_standalone_question_in_a_conversation_is_left_alone():
    question = "What are the main lines of action of the 2011 Eco-innovation Action Plan?"
    assert standalone_question(question, FEE_CHAT) == question


def test_the_topic_survives_a_chain_of_follow_ups():
    history = [
        Turn("user", "When did the ESEEC project in China run?"),
        Turn("assistant", "From February 2009 to February 2013 [1]."),
        Turn("user", "Who was in charge of it?"),
        Turn("assistant", "AHK Beijing [1]."),
    ]
    resolved = carry_over("Did any big brands help push it down their supply chains?", history)
    assert "ESEEC" in resolved


def test_follow_up_detection():
    assert is_followup("And what about the deadline?")
    assert is_followup("Who was in charge of it?")
    assert not is_followup("What is the EU SME definition for staff headcount and turnover?")


@pytest.mark.parametrize(
    "question",
    [
        "Do we need partners from other countries to apply?",
        "Is a turnover statement needed to register?",
        "Faut-il des partenaires étrangers pour postuler ?",
        "Brauchen wir Partner aus anderen Ländern, um teilzunehmen?",
        "¿Necesitamos socios de otros países para participar?",
    ],
)
def test_a_question_whose_verb_lacks_its_object_follows_up_on_the_conversation(question):
    # "to apply" to what? To what was just discussed
    assert is_followup(question)
    history = [
        Turn("user", "How much grant money can a single SME get from the EIC Accelerator?"),
        Turn("assistant", "Up to EUR 2.5 million [1]."),
    ]
    assert "EIC Accelerator" in carry_over(question, history)


@pytest.mark.parametrize(
    "question",
    [
        "¿Y quién encargó ese estudio?",  # an opener after the inverted question mark
        "¿Quién encargó ese estudio exactamente para el consejo?",  # "ese": that study
        "Qui a commandé cette étude pour le conseil de la Baltique ?",
        "Wer hat diesen Bericht für den Rat in Auftrag gegeben?",
    ],
)
def test_spanish_openers_and_demonstratives_in_every_language_mark_a_follow_up(question):
    assert is_followup(question)


@pytest.mark.parametrize(
    "question",
    [
        "What's the maximum grant?",
        "When does the destruction ban start?",
        "How long is the registration valid?",
        "Combien de temps dure l'enregistrement ?",
        "Wie lange gilt die Registrierung?",
        "¿Cuánto dura el registro?",
        "¿Quién puede solicitarlo?",  # the object pronoun attached: apply for *it*
    ],
)
def test_a_short_question_about_a_definite_thing_it_does_not_name_follows_up(question):
    # after "What does the EIC Accelerator fund?", "What's the maximum grant?" was answered
    # with SWITCH-Asia's grant table: nothing was carried over
    assert is_followup(question)
    history = [
        Turn("user", "What does the EIC Accelerator fund?"),
        Turn("assistant", "Innovations of start-ups and SMEs [1]."),
    ]
    assert "EIC Accelerator" in carry_over(question, history)


@pytest.mark.parametrize(
    "question",
    [
        "What's the maximum grant under LIFE?",  # names what it is about
        "How can we save water in a dairy?",  # nothing definite
        "What are the main barriers for small firms joining a symbiosis network?",  # long
    ],
)
def test_a_question_naming_its_subject_or_asking_afresh_stands_alone(question):
    assert not is_followup(question)


def test_a_question_naming_what_it_applies_to_stands_alone():
    assert not is_followup("Do we need partners from other countries to apply for LIFE funding?")


def test_an_extractive_engine_is_not_used_as_a_rewriter():
    resolved = standalone_question("And for a micro-enterprise?", FEE_CHAT, ExtractiveEngine())
    assert resolved == carry_over("And for a micro-enterprise?", FEE_CHAT)


def test_with_an_llm_the_follow_up_is_rewritten_by_the_model(stub):
    stub.enqueue("What is the maximum EU Ecolabel application fee for a micro-enterprise?")
    resolved = standalone_question("And for a micro-enterprise?", FEE_CHAT, llm(stub))
    assert resolved == "What is the maximum EU Ecolabel application fee for a micro-enterprise?"
    sent = stub.requests[0]["messages"][-1]["content"]
    assert "user: What is the maximum EU Ecolabel application fee for an SME?" in sent
    assert "[1]" not in sent


def test_when_the_rewriter_fails_the_topic_is_carried_over_instead(stub):
    stub.enqueue(Reply("down", status=500))
    resolved = standalone_question("And for a micro-enterprise?", FEE_CHAT, llm(stub))
    assert resolved == carry_over("And for a micro-enterprise?", FEE_CHAT)


def test_a_programme_named_two_turns_back_is_carried_past_a_turn_that_does_not_name_it():
    history = [
        Turn("user", "Can we apply to the EIC Accelerator as a small Danish firm?"),
        Turn("assistant", "Yes [1]."),
        Turn("user", "Do we need partners from other countries to apply?"),
        Turn("assistant", "No [1]."),
    ]
    resolved = standalone_question(
        "How long does it take to hear back on the first stage?", history
    )
    assert "EIC Accelerator" in resolved
    assert resolved.startswith("How long does it take to hear back on the first stage?")


def test_a_number_of_one_turn_is_not_carried_on_but_a_year_is():
    # "260 staff" was that turn's case: carried on, it pulled the next question ("And what about
    # partner enterprises?") back to the headcount rule
    history = [
        Turn("user", "What is the SME definition?"),
        Turn("assistant", "An SME employs fewer than 250 persons [1]."),
        Turn("user", "What if we have 260 staff?"),
        Turn("assistant", "A firm with 260 staff is not an SME [1]."),
    ]
    resolved = carry_over("And what about partner enterprises?", history)
    assert "260" not in resolved and "SME" in resolved
    call = [Turn("user", "What did the 2012-2013 SWITCH-Asia call offer?"), Turn("assistant", ".")]
    assert "2012-2013" in carry_over("And how long could projects run?", call)


def chat(question: str, answer: str) -> list[Turn]:
    return [Turn("user", question), Turn("assistant", answer)]


@pytest.mark.parametrize(
    ("history", "question", "carried"),
    [
        (
            chat("What is SWITCH-Asia?", "An EU programme for sustainable production [1]."),
            "Which countries can take part?",
            "SWITCH-Asia",
        ),
        (
            chat("Can we get LIFE funding for a circular project?", "LIFE co-finances it [1]."),
            "Who decides which projects win?",
            "LIFE",
        ),
        (
            chat("What is the waste hierarchy?", "Five steps, prevention first [1]."),
            "Which step comes first?",
            "hierarchy",
        ),
    ],
)
def test_a_short_question_naming_nothing_of_its_own_is_about_the_conversation(
    history, question, carried
):
    assert carried in carry_over(question, history)


@pytest.mark.parametrize(
    "question",
    [
        "How does industrial symbiosis work?",
        "What is industrial symbiosis?",
        "How can we reduce packaging waste?",
        "What counts as an SME?",
    ],
)
def test_a_short_question_with_a_subject_or_name_of_its_own_starts_a_new_topic(question):
    history = chat("What is the EIC Accelerator?", "The EIC's scheme for start-ups [1].")
    assert carry_over(question, history) == question


def test_a_subject_the_last_answer_mentioned_is_still_the_conversations():
    history = chat(
        "What is industrial symbiosis?",
        "Companies use each other's residual streams (energy, water, materials) [1].",
    )
    assert "symbiosis" in carry_over("How is water shared?", history)


def test_a_chain_of_follow_ups_carries_the_subject_not_what_earlier_turns_asked():
    history = [
        *chat("What is the ESPR?", "The EU's ecodesign regulation [1]."),
        *chat("When did it enter into force?", "On 18 July 2024 [1]."),
        *chat("Does it ban destroying unsold clothes?", "Yes, from 19 July 2026 [1]."),
    ]
    resolved = carry_over("Are small companies exempt?", history)
    assert "ESPR" in resolved and "unsold" in resolved
    assert "force" not in resolved, resolved


def test_a_pronoun_with_its_verb_is_not_carried_as_topic():
    # "We're" took one of the eight places of "a larger company buys 30% of our shares"'s topic
    history = chat("We're a 30-person firm and I'm unsure. Are we an SME?", "Yes [1].")
    resolved = carry_over("And what if a larger company buys 30% of our shares?", history)
    assert "We're" not in resolved and "I'm" not in resolved, resolved
    assert "SME" in resolved


def test_a_number_naming_a_standard_is_carried_with_its_acronym():
    # "Is it certifiable?" after "What is ISO 14005?" carried "ISO" alone: numbers are left
    # behind as the turn's case ("260 staff"), but "14005" names the standard
    history = chat("What is ISO 14005?", "A guide to phased implementation [1].")
    assert "ISO 14005" in carry_over("Is it certifiable?", history)
    staff = chat("We have 260 staff. Are we an SME?", "No [1].")
    assert "260" not in carry_over("What about partners?", staff)


@pytest.mark.parametrize(
    "question", ["What does end-of-waste mean?", "What is a by-product?", "What is eco-design?"]
)
def test_a_term_to_define_is_a_question_of_its_own(question):
    # "What does end-of-waste mean?" carried "Give example preparing re-use" and was answered
    # with the steps for assessing a residue
    history = chat("Give me an example of preparing for re-use.", "Repairing furniture [1].")
    assert carry_over(question, history) == question


@pytest.mark.parametrize(
    "question", ["What does that mean?", "What is the deadline?", "What is needed?"]
)
def test_what_is_of_a_pronoun_the_aspect_or_a_participle_follows_up(question):
    assert is_followup(question, "What is the LIFE programme?\nThe EU's green fund [1].")


@pytest.mark.parametrize(
    "question",
    ["OK, how would I go about running a first one in my workshop?", "Which one is cheaper?"],
)
def test_one_of_what_was_discussed_is_a_follow_up(question):
    # "a first one" is an MFCA the previous question asked about
    assert is_followup(question, "What is MFCA?\nMaterial flow cost accounting [1].")


def test_a_one_stop_shop_is_not_one_of_what_was_discussed():
    question = "Does the portal have a one-stop shop for questions from small companies on rules?"
    assert not is_followup(question, "What is MFCA?\nMaterial flow cost accounting [1].")


def test_the_eu_is_not_a_new_name_in_a_conversation_about_an_eu_programme():
    # "What share did the EU cover?" after SWITCH-Asia stood alone and was answered with the
    # programme's budget in general
    history = chat("What is SWITCH-Asia?", "An EU programme for sustainable production [1].")
    assert "SWITCH-Asia" in carry_over("What share did the EU cover?", history)


@pytest.mark.parametrize(
    ("previous", "question", "kept", "dropped"),
    [
        ("How can we cut compressed air costs?", "What about lighting?", "cut", "compressed"),
        ("Is there funding for energy efficiency?", "And what about water?", "funding", "energy"),
    ],
)
def test_asking_the_same_of_another_subject_drops_the_previous_subject(
    previous, question, kept, dropped
):
    # "What about lighting?" carried "compressed air" and was answered with the compressed-air
    # checks; the lighting advice is asked, with what was asked of compressed air (cut costs)
    resolved = carry_over(question, chat(previous, "The checks are in the table [1]."))
    assert kept in resolved and dropped not in resolved, resolved


def test_asking_about_an_aspect_of_the_same_subject_keeps_it():
    history = chat("Is there funding for energy efficiency?", "Through the ERDF [1].")
    assert "energy" in carry_over("And what about the deadline?", history)


@pytest.mark.parametrize("question", ["Wer kann sich bewerben?", "¿Hay algún ejemplo?"])
def test_function_words_of_every_language_do_not_make_a_follow_up_stand_alone(question):
    # "kann", "sich" counted as content words, and "Hay" after "¿" as a name: both questions
    # were taken to stand alone and lost the conversation's subject
    assert is_followup(question)


def test_a_french_question_word_and_elided_article_are_not_carried_as_topic():
    history = chat("Qu'est-ce que l'EMAS ?", "EMAS is the EU's scheme [1].")
    resolved = carry_over("Combien de temps dure l'enregistrement ?", history)
    assert resolved.endswith("(about: EMAS)"), resolved
