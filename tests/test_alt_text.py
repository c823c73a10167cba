"""A figure's alternative text says what was drawn, read from a real Matplotlib figure."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlp_build import alt_text, in_kernel  # noqa: E402


def described(figure) -> str:
    try:
        return alt_text.describe(in_kernel.figure_facts(figure))
    finally:
        plt.close(figure)


def test_a_line_plot_says_its_title_axes_and_legend():
    figure = plt.figure()
    plt.plot([1, 2, 3], [3, 2, 1], "bo", label="Training loss")
    plt.plot([1, 2, 3], [3, 2.5, 2], "b", label="Validation loss")
    plt.title("Training and validation loss")
    plt.xlabel("Epochs")
    plt.ylabel("Loss")
    plt.legend()
    assert described(figure) == (
        "Line plot 'Training and validation loss': Epochs vs Loss; Training loss, Validation loss"
    )


def test_panels_without_titles_still_say_their_kind_axes_and_size():
    figure, (points, picture, bars) = plt.subplots(1, 3)
    points.scatter(np.arange(2000), np.arange(2000))
    points.set_xlabel("x")
    picture.imshow(np.zeros((28, 20)))
    bars.bar(["a", "b"], [1, 2])
    bars.set_ylabel("Count")
    figure.suptitle("Three")
    assert described(figure) == (
        "Figure 'Three' with 3 panels. (1) Scatter plot of 2,000 points: x axis x. "
        "(2) Image of 20×28 pixels. (3) Bar chart: y axis Count"
    )


def test_a_grid_of_alike_panels_is_said_once_with_its_range():
    figure, axes = plt.subplots(2, 5)
    for number, ax in enumerate(axes.flat):
        ax.imshow(np.zeros((28, 28)))
        if number == 0:
            ax.set_title("first")
    figure.colorbar(axes.flat[0].images[0], ax=axes.flat[0])  # a colour bar is no panel
    assert described(figure) == (
        "Figure with 10 panels. (1) Image of 28×28 pixels 'first'. (2–10) Image of 28×28 pixels"
    )


def test_an_image_file_and_a_model_diagram():
    assert alt_text.describe({"file": "photo.png", "plot_model": False}) == "Image, photo.png"
    diagram = alt_text.describe({"file": "model.png", "plot_model": True, "shapes": True})
    assert diagram.startswith("Diagram of the Keras model's layers") and "input and output shapes" in diagram
    assert diagram.endswith("(keras.utils.plot_model, model.png)")
