"""The prose states no run result by hand: it cites the run (`{{ ... }}`) or quotes the book."""

from pathlib import Path

import pytest
from conftest import CHAPTERS

from dlp_build import prose


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.slug for c in CHAPTERS])
def test_the_prose_types_no_run_figure_by_hand(chapter):
    found = prose.findings(chapter.path)
    if found:
        pytest.fail("\n".join(map(str, found)), pytrace=False)


def phrases(text: str) -> list[str]:
    return [finding.phrase for finding in prose.check_text(text)]


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        # the cases issue 14 found by reading the pages
        ("The from-scratch loop takes well over a minute.", "over a minute"),
        ("It took 444 s and 505 s in two runs.", "444 s"),
        ("This makes it about 1.7\n    times faster here.", "1.7\n    times faster"),
        ("We get about 88% on the real test data.", "88%"),
        ("The model peaks 8 points below the full model.", "8 points below"),
        # the other shapes of a run figure
        ("One epoch takes 0.5s on this CPU.", "0.5s"),
        ("Each step takes 12 ms.", "12 ms"),
        ("Training takes 3 minutes.", "3 minutes"),
        ("Training takes a few seconds.", "a few seconds"),
        ("It runs for 2 hours.", "2 hours"),
        ("The whole page took 44s.", "44s"),
        ("It is 3x slower.", "3x slower"),
        ("The compiled loop runs twice as fast.", "twice as fast"),
        ("That is 12.5 percent better.", "12.5 percent"),
        ("It lands 3 percentage points lower.", "3 percentage points"),
        ("The model reaches 0.87 validation accuracy.", "0.87 validation accuracy"),
        ("Its test accuracy is about 0.868.", "test accuracy is about 0.868"),
        ("An MAE of 2.5 is what we get.", "MAE of 2.5"),
        ("The initial loss 5.44 is high.", "loss 5.44"),
        ("Accuracy reaches 0.95 after 3 epochs.", "Accuracy reaches 0.95"),
        ("On the training split, the model scores 0.9993.", "scores 0.9993"),
        ("Our run gets 0.91 accuracy, as the book does.", "0.91 accuracy"),
    ],
)
def test_a_run_figure_typed_by_hand_is_found(sentence, figure):
    found = prose.check_text(f"# T\n\n{sentence}\n")
    assert found and " ".join(figure.split()) in found[0].phrase, found


@pytest.mark.parametrize(
    "sentence",
    [
        # values from the run, code and markup
        "The test accuracy is {{ test_acc:.3f }}, or {{ test_acc:.0% }}.",
        "`model.fit()` prints `accuracy: 0.8811` and takes `44 s`.",
        "See [the results](results.md#accuracy-0.87) and <https://example.com/44s>.",
        '<img src="a.png" width="50%"> is a figure.',
        "A figure.{ width=50% }",
        "Done <!-- it took 44 s --> here.",
        # the book's figures, in a sentence that names the book
        "The book reports about 88% test accuracy; state-of-the-art approaches get close to 95%.",
        "Those were fast (the book reports 0.02 s against 2.45 s on its machine).",
        "The book's run got stuck around 30 to 40%.",
        # marked fixed, with the reason
        "The 2012 winner scored 83.6% top-five accuracy. <!--dlp:fixed-figure: published ImageNet results-->",
        # quotations and hypotheticals in quotes
        '"98% accuracy" sounds like near-perfection.',
        "“Over a minute” is what people say.",
        # numbers that are not run results
        "MNIST has 60,000 training images of 28 × 28 pixels, in 10 classes.",
        "Chance is ln 10 ≈ 2.30, and the learning rate is 0.001.",
        "We train for 20 epochs with batches of 512, and the file weighs 3 MB.",
        "Deep learning took off in the 2010s; backpropagation came back in the 1980s and 90s.",
        "It is a vector of 0s and 1s, with 1s at indices 8 and 5.",
        "`validation_split=0.2` holds out the last 20% of the samples; the first 10% are the test set.",
        "A second model uses a loss function with a learning rate of 0.1.",
        "A priority score between 0 and 1, from a sigmoid; the scores of 10 classes sum to 1.",
        "Listing 4.21 and section 3.6.5 use 46 topics, 4 units and 3 losses.",
        "The hour hand moves 30 degrees per hour, the minute hand 6 degrees per minute.",
    ],
)
def test_what_is_not_a_run_figure_by_hand_passes(sentence):
    assert phrases(f"# T\n\n{sentence}\n") == []


def test_fences_front_matter_and_block_quotes_are_not_prose():
    text = (
        "---\ntitle: 44 s\n---\n# T\n\n```python\nprint('88%')  # 44 s\n```\n\n"
        "````text\n```\nloss: 0.25, 88%\n```\n````\n\n"
        "    ~~~\n    3 minutes\n    ~~~\n\n> A quote: 88% in 44 s.\n\nAfter: 12 s.\n"
    )
    found = prose.check_text(text, Path("01-sample.md"))
    assert [(finding.line, finding.phrase) for finding in found] == [(22, "After: 12 s.")]
    assert str(found[0]).startswith("01-sample.md:22: a run figure typed by hand: 'After: 12 s.'")


def test_a_finding_names_the_line_of_the_figure_in_a_wrapped_paragraph():
    text = "# T\n\nThe first line of a paragraph,\nthen a figure, 0.87 accuracy,\nand more.\n"
    assert [(f.line, f.phrase) for f in prose.check_text(text)] == [(4, "a figure, 0.87 accuracy, and")]


def test_the_book_exempts_what_follows_it_in_its_sentence():
    text = "# T\n\nWe get 86%, the book reports 88%. Our run gets 87%.\n"
    assert phrases(text) == ["We get 86%, the", "run gets 87%."]


def test_a_fixed_figure_marker_covers_its_paragraph_and_needs_a_reason():
    text = (
        "# T\n\n- In 2012 the winner scored 83.6%,\n  against 74.3%. <!--dlp:fixed-figure: published results-->\n"
        "- The next item, 74.3%.\n\nA paragraph, 91%.\n\nWithout a reason, 50%. <!--dlp:fixed-figure-->\n"
    )
    found = prose.check_text(text)
    assert [(f.line, f.phrase) for f in found] == [
        (5, "next item, 74.3%."),
        (7, "A paragraph, 91%."),
        (9, "<!--dlp:fixed-figure--> without a reason after a colon"),
        (9, "a reason, 50%."),
    ]
