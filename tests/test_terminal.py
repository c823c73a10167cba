from dlp_build.terminal import clean_stream, shorten_traceback

BAR = "━" * 20


def test_keras_progress_bar_becomes_one_line_per_epoch():
    raw = (
        "Epoch 1/2\n"
        "\x1b[1m 1/32\x1b[0m \x1b[32m━\x1b[0m\x1b[37m" + "━" * 19 + "\x1b[0m \x1b[1m9s\x1b[0m 300ms/step - loss: 0.9"
        + "\b" * 60 + "\r"
        + f"\x1b[1m32/32\x1b[0m \x1b[32m{BAR}\x1b[0m\x1b[37m\x1b[0m \x1b[1m1s\x1b[0m 2ms/step - loss: 0.2092\n"
        "Epoch 2/2\n"
        f"\r32/32 {BAR} 0s 2ms/step - loss: 0.1842   \n"
    )
    assert clean_stream(raw).split("\n") == [
        f"Epoch 1/2 - 32/32 {BAR} 1s 2ms/step - loss: 0.2092",
        f"Epoch 2/2 - 32/32 {BAR} 0s 2ms/step - loss: 0.1842",
    ]


def test_backspaces_overwrite_and_plain_text_is_kept():
    assert clean_stream("abcdef\b\b\bXY\nsecond line\n") == "abcXYf\nsecond line"
    assert clean_stream("Loss at step 0: 1.6904\nLoss at step 1: 0.2231\n") == (
        "Loss at step 0: 1.6904\nLoss at step 1: 0.2231"
    )


def test_traceback_keeps_the_readers_frames_only():
    frames = [
        "\x1b[0;31m-----------------------------------------\x1b[0m",
        "\x1b[0;31mTypeError\x1b[0m          Traceback (most recent call last)",
        "Cell In[4], line 2\n      1 x = tf.ones(shape=(2, 2))\n----> 2 x[0, 0] = 0.",
        "File /venv/lib/python3.12/site-packages/tensorflow/python/ops.py:99, in f()\n---> 99 raise",
        "\x1b[0;31mTypeError\x1b[0m: object does not support item assignment",
    ]
    assert shorten_traceback(frames) == (
        "TypeError          Traceback (most recent call last)\n"
        "Cell In[4], line 2\n      1 x = tf.ones(shape=(2, 2))\n----> 2 x[0, 0] = 0.\n"
        "(frames inside libraries hidden)\n"
        "TypeError: object does not support item assignment"
    )


# What Keras 3.15's Progbar wrote, captured from `evaluate()`, `predict()` and `fit()` on a tiny model.
_BACK = "\x08" * 69
EVALUATE = (
    "\r\x1b[1m 1/13\x1b[0m \x1b[32m━\x1b[0m\x1b[37m" + "━" * 19 + "\x1b[0m \x1b[1m3s\x1b[0m 264ms/step"
    " - loss: 2.2371 - mae: 1.4957" + _BACK + "\r\x1b[1m13/13\x1b[0m \x1b[32m" + BAR
    + "\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m 2ms/step - loss: 2.2371 - mae: 1.4957  \n"
)
PREDICT = (
    "\r\x1b[1m 1/13\x1b[0m \x1b[32m━\x1b[0m\x1b[37m" + "━" * 19 + "\x1b[0m \x1b[1m0s\x1b[0m 17ms/step"
    + "\x08" * 39 + "\r\x1b[1m13/13\x1b[0m \x1b[32m" + BAR + "\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m 2ms/step \n"
)
FIT = (
    "Epoch 1/1\n\r\x1b[1m1/2\x1b[0m \x1b[32m" + "━" * 10 + "\x1b[0m\x1b[37m" + "━" * 10 + "\x1b[0m \x1b[1m0s\x1b[0m"
    " 154ms/step - loss: 2.2371 - mae: 1.4957" + "\x08" * 67 + "\r\x1b[1m2/2\x1b[0m \x1b[32m" + BAR
    + "\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m 10ms/step - loss: 2.2230 - mae: 1.4909 \n"
)


def test_evaluate_progress_bar_keeps_only_its_metrics():
    assert clean_stream(EVALUATE + "[2.2371, 1.4957]\n") == "loss: 2.2371 - mae: 1.4957\n[2.2371, 1.4957]"


def test_predict_progress_bar_goes():
    assert clean_stream(PREDICT + "(200, 1)\n") == "(200, 1)"
    assert clean_stream(PREDICT) == ""
    assert clean_stream("\r   7/Unknown 12s 3ms/step\n") == ""


def test_epoch_bars_stay_and_bar_like_prose_is_kept():
    assert clean_stream(FIT + PREDICT) == f"Epoch 1/1 - 2/2 {BAR} 0s 10ms/step - loss: 2.2230 - mae: 1.4909"
    assert clean_stream("3/4 of the points 2s after\n") == "3/4 of the points 2s after"


def test_an_unterminated_osc_sequence_loses_no_line_and_c1_and_bidi_controls_go():
    raw = "title \x1b]0;never ended\nline two\n\x9b31mred\x9b0m \x9d8;;https://x\x9clink\n\u202eevil\u202c \u2066isolated\u2069\n"
    assert clean_stream(raw) == "title\nline two\nred link\nevil isolated"
