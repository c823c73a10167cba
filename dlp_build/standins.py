"""Stand-in datasets for Keras files that cannot be downloaded here.

`imdb.npz`, `reuters.npz` and `reuters_word_index.json` are missing from the shared datasets
folder (see its README). When a chapter asks for one of them and no download is possible, the
dataset layer (`dlp_build.datasets`) serves a stand-in built here instead, and the page says so.

Each stand-in has exactly the format the Keras 3 loaders read, so the book's code runs unchanged:

* **imdb.npz**: `x_train`, `y_train`, `x_test`, `y_test`; 25 000 + 25 000 reviews, balanced
  labels (0 = negative, 1 = positive). A review is a list of word indices *as stored*: the value
  of the word in the real `imdb_word_index.json` (1 = "the", the most frequent word), before the
  loader adds `index_from` and prepends `start_char`. So `get_word_index()` (the exact original)
  decodes the stand-in reviews into real words, and `num_words` keeps the most frequent ones.
* **reuters.npz**: `x` and `y`, 11 228 newswires over 46 topics, stored in an order such that the
  loader's default shuffle (seed 113) and 80/20 split give 8 982 training and 2 246 test
  newswires with exactly the real per-topic counts (largest topic, "earn": 3 159 = 35 %).
* **reuters_word_index.json**: word -> index (1 = most frequent word in the stand-in newswires),
  real English words, same convention as the original.

What the stand-in texts are: bags of real words, not sentences. IMDB reviews draw each word from
a Zipf distribution over the real word index (so frequency ranks hold), mixed with
class-conditional "sentiment" distributions (a small hand-written lexicon of clearly positive and
negative words, plus weak random leanings of every other word). Reuters newswires mix a newswire
background with a topic's own vocabulary, its topic family's vocabulary and a confusable
neighbour topic. How much signal each text carries varies from text to text, so models learn
them well but not perfectly, and overfit like on the real data. Lengths follow log-normal
distributions with the real means (about 235 words for IMDB, 145 for Reuters).

Everything is deterministic (fixed seeds) and takes a few seconds to build.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Callable

import numpy as np

VERSION = "1"
"""Bump when a builder's output changes: stand-ins built by another version are rebuilt."""

SEED = 42_021  # any fixed number: the stand-ins are the same on every machine

# --------------------------------------------------------------------------------------------
# Shared helpers


def _lognormal_lengths(rng, n: int, mean, sigma: float, low: int, high: int) -> np.ndarray:
    """n integer lengths, log-normal with the given mean (a number or n numbers), clipped."""
    mu = np.log(mean) - sigma**2 / 2
    return np.clip(np.round(rng.lognormal(mu, sigma, n)), low, high).astype(np.int64)


def _cdf(weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights, dtype=np.float64)
    return cdf / cdf[-1]


def _draw(rng, cdf: np.ndarray, n: int) -> np.ndarray:
    """n indices drawn from the distribution whose cumulative sums are `cdf`."""
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(cdf) - 1)


def _ragged(flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Object array of Python lists of Python ints (what the Keras files hold), cut from `flat`.

    Plain ints matter: Keras reads these files with an unpickler that refuses NumPy scalars.
    """
    values = flat.tolist()
    ends = np.cumsum(lengths).tolist()
    out = np.empty(len(lengths), dtype=object)
    start = 0
    for i, end in enumerate(ends):
        out[i] = values[start:end]
        start = end
    return out


def _write_npz(path: Path, **arrays: np.ndarray) -> None:
    # Through a handle: np.savez would append ".npz" to a path without that suffix.
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


def _write_json(path: Path, obj: dict) -> None:
    with open(path, "w") as handle:
        json.dump(obj, handle)


def _zipf(n: int, exponent: float, shift: float = 2.7) -> np.ndarray:
    """Unnormalized Zipf-Mandelbrot weights for ranks 1..n."""
    return (np.arange(1, n + 1) + shift) ** -exponent


# --------------------------------------------------------------------------------------------
# IMDB

IMDB_VOCABULARY = 88_584  # entries of the real imdb_word_index.json
IMDB_SIZES = (25_000, 25_000)

POSITIVE_WORDS = """
great excellent best wonderful love loved amazing beautiful perfect brilliant enjoyed favorite
superb fantastic highly masterpiece fun enjoyable touching beautifully outstanding powerful
delightful charming heartwarming refreshing gem wonderfully terrific moving liked definitely
recommend recommended fascinating hilarious classic stunning captivating perfectly subtle
inspiring memorable remarkable strong funniest finest greatest excellently lovely solid
entertaining incredible impressive magnificent unforgettable breathtaking sweet tender joy
""".split()
NEGATIVE_WORDS = """
bad worst awful terrible boring waste poor stupid horrible worse dull ridiculous mess lame
annoying pointless poorly crap garbage pathetic badly disappointing disappointed unfunny
avoid wasted redeeming laughable weak predictable cheap fails failed dumb unwatchable trash
tedious bland nonsense insult embarrassing forgettable sucks supposed nothing mediocre
amateurish awfully horribly worthless painful painfully bored ugly clichéd lousy unconvincing
""".split()


def _imdb_word_index() -> dict[str, int] | None:
    """The real IMDB word index from the shared folder (or the Keras cache), if present."""
    from dlp_build import datasets

    path = datasets.on_hand_path("imdb_word_index.json")
    if path is None:
        return None
    with open(path) as handle:
        return json.load(handle)


def imdb_arrays(
    seed: int = SEED,
    opinion: tuple[float, float] = (3.5, 11.0),
    one_sided: tuple[float, float] = (7.0, 1.5),
    leaning_sd: float = 1.0,
    lexicon: tuple[float, float] = (2.5, 3.5),
) -> dict[str, np.ndarray]:
    """The IMDB stand-in's arrays, as stored in imdb.npz.

    Per review, the share of opinion words is drawn from Beta(*opinion) and the share of those
    that agree with the label from Beta(*one_sided).
    """
    rng = np.random.default_rng(seed)
    word_index = _imdb_word_index() or {}
    vocabulary = max(word_index.values(), default=IMDB_VOCABULARY)
    # Background: Zipf over the real frequency ranks (index 1 = "the").
    background = np.zeros(vocabulary + 1)
    background[1:] = _zipf(vocabulary, 1.2)
    # Every word but the 60 most frequent leans a little towards one class or the other;
    # lexicon words lean strongly.
    leaning = np.zeros(vocabulary + 1)
    leaning[61:] = rng.normal(0.0, leaning_sd, vocabulary - 60)
    for words, sign in ((POSITIVE_WORDS, 1.0), (NEGATIVE_WORDS, -1.0)):
        for word in words:
            if word in word_index:
                leaning[word_index[word]] = sign * rng.uniform(*lexicon)
    sentiment = {
        1: _cdf(background * np.exp(leaning)),  # what positive reviews add
        0: _cdf(background * np.exp(-leaning)),  # what negative reviews add
    }
    background_cdf = _cdf(background)

    arrays = {}
    for part, size in zip(("train", "test"), IMDB_SIZES):
        labels = rng.permutation(np.arange(size) % 2)
        lengths = _lognormal_lengths(rng, size, mean=236, sigma=0.74, low=6, high=2490)
        # Per review: how much of it expresses an opinion, and how one-sided that opinion is.
        opinion_share = rng.beta(*opinion, size)
        own_side = rng.beta(*one_sided, size)
        doc = np.repeat(np.arange(size), lengths)
        u = rng.random(len(doc))
        own = u < opinion_share[doc] * own_side[doc]
        other = ~own & (u < opinion_share[doc])
        side = np.where(own, labels[doc], 1 - labels[doc])
        words = _draw(rng, background_cdf, len(doc))
        for value in (0, 1):
            chosen = (own | other) & (side == value)
            words[chosen] = _draw(rng, sentiment[value], int(chosen.sum()))
        words = np.maximum(words, 1)  # index 0 is padding, never a word
        arrays[f"x_{part}"] = _ragged(words, lengths)
        arrays[f"y_{part}"] = labels.astype(np.int64)
    return arrays


def build_imdb(path: Path) -> None:
    _write_npz(path, **imdb_arrays())


# --------------------------------------------------------------------------------------------
# Reuters

REUTERS_VOCABULARY = 30_979  # entries of the real reuters_word_index.json
REUTERS_SHUFFLE_SEED = 113  # keras.datasets.reuters.load_data's default `seed`
# Real per-topic counts (topic index -> count) in the default 8 982 / 2 246 split.
REUTERS_TRAIN_COUNTS = (
    55, 432, 74, 3159, 1949, 17, 48, 16, 139, 101, 124, 390, 49, 172, 26, 20, 444, 39, 66, 549,
    269, 100, 15, 41, 62, 92, 24, 15, 48, 19, 45, 39, 32, 11, 50, 10, 49, 19, 19, 24, 36, 30, 13,
    21, 12, 18,
)  # fmt: skip
REUTERS_TEST_COUNTS = (
    12, 105, 20, 813, 474, 5, 14, 3, 38, 25, 30, 83, 13, 37, 2, 9, 99, 12, 20, 133, 70, 27, 7, 12,
    19, 31, 8, 4, 10, 4, 12, 13, 10, 5, 7, 6, 11, 2, 3, 5, 10, 8, 3, 6, 5, 1,
)  # fmt: skip
# Topic families (indices as in keras.datasets.reuters.get_label_names()): topics of a family
# share vocabulary, which makes them easy to confuse, as on the real newswires.
REUTERS_FAMILIES = (
    (3, 4),  # earn, acq
    (0, 9, 10, 14, 32, 38),  # cocoa, coffee, sugar, cotton, rubber, orange
    (1, 5, 22, 24, 2, 15, 28, 44),  # grain, wheat, meal-feed, oilseed, veg-oil, carcass, ...
    (6, 23, 25, 26, 27, 31, 37, 42, 45),  # copper, alum, gold, tin, strategic-metal, ...
    (7, 8, 11, 12, 18, 21, 29, 30, 34, 35, 36, 43),  # housing, money-supply, trade, ...
    (19, 20, 40),  # money-fx, interest, dlr
    (16, 17, 33, 39, 41),  # crude, nat-gas, heat, pet-chem, gas
    (13,),  # ship
)
REUTERS_COMMON = """
the of to in said and a mln 3 for vs dlrs it reuter 000 1 pct on from is that its cts by year
at be with 2 will was billion he u s net has would an as 5 not loss 4 1986 company 6 which but
this 10 7 8 were 9 shr 1987 last are or inc also had up march they new corp first been per
share may more than other market about there week 15 after prices 12 quarter sales 20 profit
two over rate government could one group some 11 30 note 50 april told against into expected
official lt total end under 13 three since if revs no month oper months price while added
earlier board shares 25 now rose because higher offer stock 16 compared meeting 14 government
statement report reported its 18 major nine before record sources international increase
operations agreement through 17 average between spokesman 100 early late fell figures
""".split()
REUTERS_TOPIC_WORDS = (
    "cocoa icco buffer grindings ivory coast",  # cocoa
    "grain tonnes corn crop harvest export usda",  # grain
    "veg oil palm soybean soyoil rapeseed edible",  # veg-oil
    "shr net revs qtr dividend earnings div payout",  # earn
    "acquire acquisition merger stake tender takeover bid",  # acq
    "wheat bushels durum winter flour milling",  # wheat
    "copper smelter refinery cathode codelco",  # copper
    "housing starts homes permits construction dwelling",  # housing
    "money supply m1 m2 m3 deposits",  # money-supply
    "coffee ico quotas bags arabica robusta",  # coffee
    "sugar beet cane raw white refined",  # sugar
    "trade deficit surplus imports exports tariffs",  # trade
    "reserves gold foreign currency holdings",  # reserves
    "ship shipping port vessels cargo tanker freight",  # ship
    "cotton bales textile fiber",  # cotton
    "carcass beef pork meat slaughter",  # carcass
    "crude oil opec barrels refinery output",  # crude
    "gas natural pipeline cubic feet",  # nat-gas
    "cpi inflation consumer index prices",  # cpi
    "currency yen mark dealers intervention exchange",  # money-fx
    "interest rates prime lending discount basis",  # interest
    "gnp gdp growth economy quarterly",  # gnp
    "meal feed soymeal fishmeal pellets",  # meal-feed
    "aluminium aluminum alcan alcoa ingot",  # alum
    "oilseed soybeans sunflower seeds crushing",  # oilseed
    "gold ounce ounces mine bullion",  # gold
    "tin itc buffer stocks bolivia",  # tin
    "metals cobalt uranium tungsten lithium",  # strategic-metal
    "livestock cattle herds sheep cow",  # livestock
    "retail stores consumers spending shopping",  # retail
    "industrial production output factory index",  # ipi
    "steel iron ore mills tonnage",  # iron-steel
    "rubber natural inra latex",  # rubber
    "heating oil distillate fuel winter",  # heat
    "jobs unemployment jobless workers employment",  # jobs
    "leading indicators index composite",  # lei
    "balance payments current account deficit",  # bop
    "zinc smelter concentrate",  # zinc
    "orange juice frozen concentrate florida",  # orange
    "chemical ethylene plastics petrochemical",  # pet-chem
    "dollar dlr currencies",  # dlr
    "gasoline unleaded octane pump",  # gas
    "silver ounce ounces mine",  # silver
    "wholesale prices producer wpi",  # wpi
    "hog hogs pork pigs",  # hog
    "lead battery smelter",  # lead
)
FILM_WORDS = set("""
br movie film films movies actor actors actress acting director directed scene scenes character
characters plot watch watching watched episode episodes cast horror comedy cinema hollywood
screen script oscar performances performance sequel dvd tv video camera""".split())


def _reuters_vocabulary() -> list[str]:
    """REUTERS_VOCABULARY distinct real words, roughly from most to least frequent."""
    words: list[str] = []
    seen: set[str] = set()

    def add(word: str) -> None:
        if word not in seen:
            seen.add(word)
            words.append(word)

    for word in REUTERS_COMMON:
        add(word)
    for topic in REUTERS_TOPIC_WORDS:
        for word in topic.split():
            add(word)
    for number in range(19, 1000):
        add(str(number))
    imdb_words = sorted((_imdb_word_index() or {}).items(), key=lambda item: item[1])
    for word, _ in imdb_words:
        if word.isascii() and word.isalpha() and (len(word) > 1 or word in "ai") and word not in FILM_WORDS:
            add(word)
        if len(words) == REUTERS_VOCABULARY:
            break
    filler = 0
    while len(words) < REUTERS_VOCABULARY:  # only without the IMDB word index at hand
        add(f"w{filler}")
        filler += 1
    return words


@functools.lru_cache(maxsize=2)
def reuters_corpus(seed: int = SEED) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """(word index, x, y) of the Reuters stand-in: what reuters_word_index.json and reuters.npz hold."""
    rng = np.random.default_rng(seed + 1)
    vocabulary = _reuters_vocabulary()
    position = {word: i for i, word in enumerate(vocabulary)}
    size = len(vocabulary)
    background = _zipf(size, 1.15)
    topics = len(REUTERS_TRAIN_COUNTS)

    def vocabulary_cdf(own_words: list[str], extra: int) -> np.ndarray:
        """A topic's (or family's) distribution: its keywords, plus `extra` mid-frequency words."""
        weights = np.zeros(size)
        keys = [position[w] for w in own_words]
        weights[keys] = rng.uniform(0.3, 1.0, len(keys))
        others = rng.choice(np.arange(200, 12_000), extra, replace=False)
        weights[others] += rng.gamma(0.7, 1.0, extra) * np.sqrt(background[others] / background[200])
        return _cdf(weights)

    topic_cdfs = [vocabulary_cdf(REUTERS_TOPIC_WORDS[t].split(), 120) for t in range(topics)]
    family_of = {}
    family_cdfs = []
    for f, members in enumerate(REUTERS_FAMILIES):
        words = [w for t in members for w in REUTERS_TOPIC_WORDS[t].split()]
        family_cdfs.append(vocabulary_cdf(words, 250))
        for t in members:
            family_of[t] = f
    background_cdf = _cdf(background)

    # Labels in the order the loader returns them: the real training counts, then the test ones.
    train = rng.permutation(np.repeat(np.arange(topics), REUTERS_TRAIN_COUNTS))
    test = rng.permutation(np.repeat(np.arange(topics), REUTERS_TEST_COUNTS))
    labels = np.concatenate([train, test])
    n = len(labels)
    # "earn" newswires are short, formulaic results; the others are longer.
    means = np.where(labels == 3, 70.0, 185.0)
    lengths = _lognormal_lengths(rng, n, means, sigma=0.8, low=4, high=2376)
    # Per newswire: the share of topic words, and how it splits over topic, family, neighbour.
    topical = rng.beta(2.0, 6.0, n)
    neighbour = np.array([
        rng.choice([t for t in REUTERS_FAMILIES[family_of[y]] if t != y] or [int(rng.integers(topics))])
        for y in labels
    ])
    doc = np.repeat(np.arange(n), lengths)
    u = rng.random(len(doc)) / topical[doc]  # < 1 for topical words
    source = np.select([u < 0.45, u < 0.75, u < 1.0], [0, 1, 2], default=3)
    words = _draw(rng, background_cdf, len(doc))
    for t in range(topics):
        own = (source == 0) & (labels[doc] == t)
        words[own] = _draw(rng, topic_cdfs[t], int(own.sum()))
        near = (source == 2) & (neighbour[doc] == t)
        words[near] = _draw(rng, topic_cdfs[t], int(near.sum()))
    family = np.array([family_of[y] for y in labels.tolist()])[doc]
    for f in range(len(REUTERS_FAMILIES)):
        fam = (source == 1) & (family == f)
        words[fam] = _draw(rng, family_cdfs[f], int(fam.sum()))

    # Index words by their frequency in these newswires (1 = most frequent), like the original.
    counts = np.bincount(words, minlength=size)
    order = np.argsort(-counts, kind="stable")
    rank = np.empty(size, dtype=np.int64)
    rank[order] = np.arange(1, size + 1)
    word_index = {vocabulary[i]: int(rank[i]) for i in range(size)}

    # Store in the order that the loader's shuffle (seed 113) turns into `labels`.
    shuffle = np.arange(n)
    np.random.RandomState(REUTERS_SHUFFLE_SEED).shuffle(shuffle)
    x_loaded = _ragged(rank[words], lengths)
    x = np.empty(n, dtype=object)
    y = np.empty(n, dtype=np.int64)
    x[shuffle] = x_loaded
    y[shuffle] = labels
    return word_index, x, y


def build_reuters(path: Path) -> None:
    _, x, y = reuters_corpus()
    _write_npz(path, x=x, y=y)


def build_reuters_word_index(path: Path) -> None:
    word_index, _, _ = reuters_corpus()
    _write_json(path, word_index)


# --------------------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[Path], None]] = {
    "imdb.npz": build_imdb,
    "reuters.npz": build_reuters,
    "reuters_word_index.json": build_reuters_word_index,
}
"""Keras file name -> function writing a stand-in of the same format to the given path."""


def build(name: str, directory: Path) -> Path:
    """Path of the stand-in for `name`, written on first use (never under the original name).

    A stand-in written by another VERSION of this module is rebuilt. Concurrent builds (two
    chapters in parallel) each write their own partial file and rename it into place.
    """
    path = directory / f"standin-{name}"
    stamp = directory / f"standin-{name}.version"
    if not (path.exists() and stamp.exists() and stamp.read_text() == VERSION):
        directory.mkdir(parents=True, exist_ok=True)
        partial = directory / f".standin-{name}.{os.getpid()}.partial"
        BUILDERS[name](partial)
        partial.rename(path)
        stamp.write_text(VERSION)
    return path
