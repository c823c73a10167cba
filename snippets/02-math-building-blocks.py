# Generated from docs/chapters/02-math-building-blocks.md by `python -m dlp_build snippets`: edit the chapter, not this file.

# ---- Part 1: 2. The mathematical building blocks of neural networks (on the site, a fresh kernel runs it)

# %% 02-math-building-blocks.md, line 34
import keras

(train_images, train_labels), (test_images, test_labels) = keras.datasets.mnist.load_data()

# %% 02-math-building-blocks.md, line 44
print("training images:", train_images.shape)
print("training labels:", len(train_labels), train_labels)
print("test images:    ", test_images.shape)
print("test labels:    ", len(test_labels), test_labels)

# %% 02-math-building-blocks.md, line 67
from keras import layers

keras.utils.set_random_seed(42)

model = keras.Sequential([
    layers.Dense(512, activation="relu"),
    layers.Dense(10, activation="softmax"),
])

# %% 02-math-building-blocks.md, line 98
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

# %% 02-math-building-blocks.md, line 126
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype("float32") / 255
print(train_images.shape, train_images.dtype, train_images.min(), train_images.max())

# %% 02-math-building-blocks.md, line 139
history = model.fit(train_images, train_labels, epochs=5, batch_size=128)

# %% 02-math-building-blocks.md, line 158
test_digits = test_images[0:10]
predictions = model.predict(test_digits)
print(predictions[0])

# %% 02-math-building-blocks.md, line 168
predicted_class = predictions[0].argmax()
print("predicted class:", predicted_class)
print("its probability:", predictions[0][predicted_class])
print("true label:     ", test_labels[0])
print("predicted classes of the 10 digits:", predictions.argmax(axis=1))
print("their true labels:                 ", test_labels[:10])

# %% 02-math-building-blocks.md, line 188
test_loss, test_acc = model.evaluate(test_images, test_labels)
print(f"test_acc: {test_acc:.4f}")

# %% 02-math-building-blocks.md, line 219
import numpy as np

x = np.array(12)
print(repr(x))
print("rank:", x.ndim)

# %% 02-math-building-blocks.md, line 231
x = np.array([12, 3, 6, 14, 7])
print(repr(x))
print("rank:", x.ndim)

# %% 02-math-building-blocks.md, line 246
x = np.array([[5, 78, 2, 34, 0],
              [6, 79, 3, 35, 1],
              [7, 80, 4, 36, 2]])
print("rank:", x.ndim)
print("first row:", x[0])
print("first column:", x[:, 0])

# %% 02-math-building-blocks.md, line 260
x = np.array([[[5, 78, 2, 34, 0],
               [6, 79, 3, 35, 1],
               [7, 80, 4, 36, 2]],
              [[5, 78, 2, 34, 0],
               [6, 79, 3, 35, 1],
               [7, 80, 4, 36, 2]],
              [[5, 78, 2, 34, 0],
               [6, 79, 3, 35, 1],
               [7, 80, 4, 36, 2]]])
print("rank:", x.ndim)

# %% 02-math-building-blocks.md, line 291
words = np.array(["a", "tensor", "of", "words"])
print(words.dtype, words.shape)
print(repr(np.array(["short", "much longer"]).dtype))

# %% 02-math-building-blocks.md, line 299
(train_images, train_labels), (test_images, test_labels) = keras.datasets.mnist.load_data()
print("rank: ", train_images.ndim)
print("shape:", train_images.shape)
print("dtype:", train_images.dtype)

# %% 02-math-building-blocks.md, line 312
import matplotlib.pyplot as plt

digit = train_images[4]
plt.figure(figsize=(3, 3))
plt.imshow(digit, cmap=plt.cm.binary)
plt.title("train_images[4]")
plt.xlabel("column (pixel)")
plt.ylabel("row (pixel)")
plt.show()
print("label:", train_labels[4])

# %% 02-math-building-blocks.md, line 330
my_slice = train_images[10:100]
print(my_slice.shape)

# %% 02-math-building-blocks.md, line 338
same_slice = train_images[10:100, :, :]
also_same_slice = train_images[10:100, 0:28, 0:28]
print(same_slice.shape, also_same_slice.shape)
print(np.array_equal(my_slice, same_slice), np.array_equal(my_slice, also_same_slice))

# %% 02-math-building-blocks.md, line 349
bottom_right = train_images[:, 14:, 14:]
center = train_images[:, 7:-7, 7:-7]
print(bottom_right.shape, center.shape)

fig, axes = plt.subplots(1, 3, figsize=(6, 2.4))
for ax, image, title in zip(axes, [train_images[4], bottom_right[4], center[4]],
                            ["whole image", "[14:, 14:]", "[7:-7, 7:-7]"]):
    ax.imshow(image, cmap=plt.cm.binary)
    ax.set_title(title)
    ax.set_xlabel("column")
axes[0].set_ylabel("row")
plt.tight_layout()
plt.show()

# %% 02-math-building-blocks.md, line 373
batch = train_images[:128]
print(batch.shape)
batch = train_images[128:256]
n = 3
batch = train_images[128 * n:128 * (n + 1)]
print(batch.shape)

# %% 02-math-building-blocks.md, line 402
def mebibytes(shape, dtype="float32"):
    """Memory taken by a tensor of this shape and type, in MiB, without creating it."""
    return np.prod(shape, dtype=np.int64) * np.dtype(dtype).itemsize / 2**20

# %% 02-math-building-blocks.md, line 418
people = np.array([[34, 0, 52_000],     # age, gender (encoded as 0 or 1), yearly income
                   [61, 1, 71_500],
                   [23, 1, 18_200]], dtype="float32")
print("3 people:", people.shape)

word_counts = np.zeros((2, 20_000), dtype="float32")
word_counts[0, [17, 256, 4031]] = [3, 1, 2]   # document 0 uses words 17, 256 and 4031
print("2 documents:", word_counts.shape)
print(f"500 documents: {mebibytes((500, 20_000)):.0f} MiB")

# %% 02-math-building-blocks.md, line 442
stock_prices = np.zeros((250, 390, 3), dtype="float32")
print("one year of prices:", stock_prices.shape, f"{mebibytes(stock_prices.shape):.1f} MiB")

def one_hot_tweet(text, length=280, alphabet_size=128):
    """A (length, alphabet_size) tensor: row i is the one-hot code of character i."""
    encoded = np.zeros((length, alphabet_size), dtype="uint8")
    for i, character in enumerate(text[:length]):
        encoded[i, ord(character) % alphabet_size] = 1
    return encoded

tweets = np.stack([one_hot_tweet("Tensors are just arrays of numbers."),
                   one_hot_tweet("Hello, MNIST!")])
print("2 tweets:", tweets.shape)
print(f"a million tweets: {mebibytes((1_000_000, 280, 128), 'uint8'):,.0f} MiB")

# %% 02-math-building-blocks.md, line 477
print("Keras default:", keras.config.image_data_format())

color_batch = np.zeros((4, 256, 256, 3), dtype="uint8")       # 4 color images, channels-last
channels_first = np.transpose(color_batch, (0, 3, 1, 2))       # move axis 3 to position 1
print("channels-last: ", color_batch.shape)
print("channels-first:", channels_first.shape)

mnist_as_images = train_images[..., np.newaxis]                # add a channels axis of size 1
print("MNIST, channels-last:", mnist_as_images.shape)

# %% 02-math-building-blocks.md, line 500
clips_shape = (4, 240, 144, 256, 3)
print(f"{np.prod(clips_shape):,} values, {mebibytes(clips_shape):.0f} MiB in float32")

one_second = np.zeros((1, 4, 144, 256, 3), dtype="float32")   # 1 clip, 4 frames: one second
print("one second of one clip:", one_second.shape, f"{mebibytes(one_second.shape):.2f} MiB")

# %% 02-math-building-blocks.md, line 545
def naive_relu(x):
    assert len(x.shape) == 2          # x is a rank-2 NumPy tensor
    x = x.copy()                      # don't overwrite the input
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x


def naive_add(x, y):
    assert len(x.shape) == 2          # x and y are rank-2 NumPy tensors
    assert x.shape == y.shape
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[i, j]
    return x

# %% 02-math-building-blocks.md, line 572
import time

x = np.random.random((20, 100))
y = np.random.random((20, 100))

t0 = time.perf_counter()
for _ in range(1000):
    z = x + y
    z = np.maximum(z, 0.)
numpy_seconds = time.perf_counter() - t0

t0 = time.perf_counter()
for _ in range(1000):
    z_naive = naive_add(x, y)
    z_naive = naive_relu(z_naive)
naive_seconds = time.perf_counter() - t0

speedup = naive_seconds / numpy_seconds
print(f"NumPy:        {numpy_seconds:.4f} s")
print(f"naive Python: {naive_seconds:.2f} s")
print(f"speed-up:     {speedup:.0f}x")
print("same result: ", np.allclose(z, z_naive))

# %% 02-math-building-blocks.md, line 617
X = np.random.random((32, 10))
y = np.random.random((10,))

y_row = np.expand_dims(y, axis=0)           # shape (1, 10)
Y = np.concatenate([y_row] * 32, axis=0)    # shape (32, 10): y repeated 32 times
print(y_row.shape, Y.shape)
print("X + Y == X + y:", np.array_equal(X + Y, X + y))

# %% 02-math-building-blocks.md, line 631
def naive_add_matrix_and_vector(x, y):
    assert len(x.shape) == 2          # x is a rank-2 NumPy tensor
    assert len(y.shape) == 1          # y is a NumPy vector
    assert x.shape[1] == y.shape[0]
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[j]           # the same y[j] for every row i
    return x


naive_broadcast_matches = np.allclose(naive_add_matrix_and_vector(X, y), X + y)
print(naive_broadcast_matches)

# %% 02-math-building-blocks.md, line 651
x = np.random.random((64, 3, 32, 10))
y = np.random.random((32, 10))
z = np.maximum(x, y)
broadcast_shape = z.shape
print(broadcast_shape)

# %% 02-math-building-blocks.md, line 674
def naive_vector_dot(x, y):
    assert len(x.shape) == 1          # x and y are NumPy vectors
    assert len(y.shape) == 1
    assert x.shape[0] == y.shape[0]
    z = 0.
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z


x = np.random.random((32,))
y = np.random.random((32,))
print(naive_vector_dot(x, y), np.dot(x, y))
vector_dot_matches = bool(np.isclose(naive_vector_dot(x, y), np.dot(x, y)))
print("equal:", vector_dot_matches)

# %% 02-math-building-blocks.md, line 699
def naive_matrix_vector_dot(x, y):
    assert len(x.shape) == 2          # x is a NumPy matrix
    assert len(y.shape) == 1          # y is a NumPy vector
    assert x.shape[1] == y.shape[0]   # x's second dimension matches y's first
    z = np.zeros(x.shape[0])          # as many entries as x has rows
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i] += x[i, j] * y[j]
    return z


def naive_matrix_vector_dot_by_rows(x, y):
    z = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z


x = np.random.random((5, 32))
matrix_vector_dot_matches = (np.allclose(naive_matrix_vector_dot(x, y), np.dot(x, y))
                             and np.allclose(naive_matrix_vector_dot_by_rows(x, y), np.dot(x, y)))
print(np.dot(x, y))
print("equal:", matrix_vector_dot_matches)

# %% 02-math-building-blocks.md, line 732
def naive_matrix_dot(x, y):
    assert len(x.shape) == 2          # x and y are NumPy matrices
    assert len(y.shape) == 2
    assert x.shape[1] == y.shape[0]   # x's columns match y's rows
    z = np.zeros((x.shape[0], y.shape[1]))
    for i in range(x.shape[0]):       # rows of x ...
        for j in range(y.shape[1]):   # ... times columns of y
            row_x = x[i, :]
            column_y = y[:, j]
            z[i, j] = naive_vector_dot(row_x, column_y)
    return z


a = np.random.random((5, 32))
b = np.random.random((32, 4))
matrix_dot_matches = bool(np.allclose(naive_matrix_dot(a, b), np.dot(a, b)))
print(naive_matrix_dot(a, b).shape)
print("equal:", matrix_dot_matches)

# %% 02-math-building-blocks.md, line 762
print(np.dot(np.ones((2, 3, 4, 5)), np.ones((5,))).shape)
print(np.dot(np.ones((2, 3, 4, 5)), np.ones((5, 6))).shape)
dot_rank3_shape = np.dot(np.ones((2, 3)), np.ones((4, 3, 5))).shape
print(dot_rank3_shape)
matmul_batch_shape = (np.ones((4, 2, 3)) @ np.ones((4, 3, 5))).shape
print(matmul_batch_shape)

# %% 02-math-building-blocks.md, line 777
print("before reshaping:", train_images.shape)
train_images = train_images.reshape((60000, 28 * 28))
print("after reshaping:", train_images.shape)

# %% 02-math-building-blocks.md, line 787
x = np.array([[0., 1.],
              [2., 3.],
              [4., 5.]])
print(x.shape)
x = x.reshape((6, 1))
print(x)
x = x.reshape((2, 3))
print(x)

# %% 02-math-building-blocks.md, line 801
x = np.zeros((300, 20))    # a matrix of shape (300, 20), all zeros
x = np.transpose(x)
print(x.shape)

# %% 02-math-building-blocks.md, line 812
x = np.arange(300 * 20).reshape((300, 20))   # entries 0, 1, 2, ... row after row
transposed = x.T                             # the same as np.transpose(x)
reshaped = x.reshape((20, 300))
print(transposed.shape, reshaped.shape)
print("first row, transposed:", transposed[0, :5])
print("first row, reshaped:  ", reshaped[0, :5])
transpose_equals_reshape = bool(np.array_equal(transposed, reshaped))
print("the same tensor:", transpose_equals_reshape)

# %% 02-math-building-blocks.md, line 832
import matplotlib.pyplot as plt


def draw_arrow(ax, start, end, color, label):
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="->", color=color, linewidth=2))
    ax.plot([], [], color=color, label=label)   # an invisible line, for the legend


A = np.array([0.5, 1.0])
B = np.array([1.0, 0.25])

fig, ax = plt.subplots(figsize=(4, 4))
draw_arrow(ax, (0, 0), A, "C0", "A")
draw_arrow(ax, (0, 0), B, "C1", "B")
draw_arrow(ax, A, A + B, "C1", "B, moved to the tip of A")
draw_arrow(ax, (0, 0), A + B, "C2", "A + B")
ax.set_xlim(-0.2, 1.8)
ax.set_ylim(-0.2, 1.8)
ax.set_aspect("equal")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper left")
plt.show()

# %% 02-math-building-blocks.md, line 864
def outline(corners, points_per_side=20):
    """Points along the closed polygon through `corners`, one point per row."""
    closed = np.vstack([corners, corners[:1]])
    sides = [np.linspace(start, end, points_per_side, endpoint=False)
             for start, end in zip(closed[:-1], closed[1:])]
    return np.vstack(sides + [closed[-1:]])


letter = outline(np.array([[0, 0], [1, 0], [1, 0.4], [0.4, 0.4], [0.4, 1.2], [0, 1.2]]))
print(letter.shape)


def show_shapes(shapes, title):
    """Plot each (points, 2) array of `shapes`, a dict from label to points."""
    fig, ax = plt.subplots(figsize=(4, 4))
    for label, points in shapes.items():
        ax.plot(points[:, 0], points[:, 1], label=label)
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.axvline(0, color="gray", linewidth=0.5)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    plt.show()

# %% 02-math-building-blocks.md, line 895
translated = letter + np.array([1.0, 0.5])
show_shapes({"letter": letter, "letter + [1, 0.5]": translated}, "Translation")

# %% 02-math-building-blocks.md, line 904
theta = np.pi / 4                                   # 45 degrees, counterclockwise
R = np.array([[np.cos(theta), -np.sin(theta)],
              [np.sin(theta), np.cos(theta)]])
rotated = np.dot(letter, R.T)
show_shapes({"letter": letter, "rotated by 45°": rotated}, "Rotation")

# %% 02-math-building-blocks.md, line 915
S = np.array([[1.5, 0.0],
              [0.0, 0.5]])
scaled = np.dot(letter, S.T)
show_shapes({"letter": letter, "scaled by (1.5, 0.5)": scaled}, "Scaling")

# %% 02-math-building-blocks.md, line 926
W = np.dot(R, S)                  # scale, then rotate
b = np.array([-0.2, -0.5])        # then translate
affine = np.dot(letter, W.T) + b
show_shapes({"letter": letter, "W • x + b": affine}, "Affine transform")

# %% 02-math-building-blocks.md, line 937
W1, b1 = S, np.array([1.0, 0.0])
W2, b2 = R, np.array([0.0, 0.5])
two_steps = np.dot(np.dot(letter, W1.T) + b1, W2.T) + b2
one_step = np.dot(letter, np.dot(W2, W1).T) + (np.dot(W2, b1) + b2)
print("same points:", np.allclose(two_steps, one_step))

# %% 02-math-building-blocks.md, line 955
activated = np.maximum(affine, 0.)
show_shapes({"letter": letter, "W • x + b": affine, "relu(W • x + b)": activated},
            "Affine transform followed by relu")

# %% 02-math-building-blocks.md, line 1030
def f(x):
    return x ** 3 - 3 * x


def f_prime(x):
    return 3 * x ** 2 - 3


epsilon = 1e-6
for x0 in [-1.5, 0.0, 0.5, 1.5]:
    estimate = (f(x0 + epsilon) - f(x0)) / epsilon
    print(f"x = {x0:4}: slope between close points {estimate:8.4f}, exact derivative {f_prime(x0):8.4f}")

xs = np.linspace(-2.2, 2.2, 200)
x0 = 1.5
near = np.linspace(x0 - 0.6, x0 + 0.6, 10)
plt.figure(figsize=(6, 4))
plt.plot(xs, f(xs), label="f(x) = x³ - 3x")
plt.plot(near, f(x0) + f_prime(x0) * (near - x0), "--", label=f"tangent at x = {x0}, slope {f_prime(x0)}")
plt.plot([x0], [f(x0)], "o", color="C1")
plt.xlabel("x")
plt.ylabel("f(x)")
plt.legend()
plt.show()

# %% 02-math-building-blocks.md, line 1080
x = np.array([1.0, 2.0])
y_true = np.array([1.0, -1.0, 2.0])
W0 = np.array([[0.1, 0.2],
               [0.3, -0.4],
               [0.5, 0.6]])                     # shape (3, 2)


def loss_of_weights(W):
    y_pred = np.dot(W, x)
    return np.sum((y_pred - y_true) ** 2)


epsilon = 1e-6
estimated_grad = np.zeros_like(W0)
for i in range(W0.shape[0]):
    for j in range(W0.shape[1]):
        nudged = W0.copy()
        nudged[i, j] += epsilon                   # one more forward pass per coefficient
        estimated_grad[i, j] = (loss_of_weights(nudged) - loss_of_weights(W0)) / epsilon

exact_grad = 2 * np.outer(np.dot(W0, x) - y_true, x)
print("estimated gradient:\n", estimated_grad.round(4))
print("exact gradient:\n", exact_grad)

W1 = W0 - 0.05 * exact_grad                       # a small step against the gradient
print(f"loss at W0: {loss_of_weights(W0):.4f}, loss at W1: {loss_of_weights(W1):.4f}")

# %% 02-math-building-blocks.md, line 1135
def loss_curve(w):
    return (w - 3) ** 2 / 4 + 1


def loss_slope(w):                  # the derivative of loss_curve
    return (w - 3) / 2


def descend(w, learning_rate, steps=8):
    path = [w]
    for _ in range(steps):
        w = w - learning_rate * loss_slope(w)   # a step against the slope
        path.append(w)
    return np.array(path)


plt.figure(figsize=(6, 4))
ws = np.linspace(-7, 13, 200)
plt.plot(ws, loss_curve(ws), color="gray", label="loss curve")
for learning_rate, style in [(0.1, "o-"), (1.0, "s-"), (4.2, "^--")]:
    path = descend(-1.0, learning_rate)
    print(f"learning rate {learning_rate}: w goes", " → ".join(f"{w:.2f}" for w in path[:4]),
          f"… → {path[-1]:.2f}")
    plt.plot(path, loss_curve(path), style, markersize=4, label=f"learning rate {learning_rate}")
plt.xlabel("parameter w")
plt.ylabel("loss")
plt.legend()
plt.show()

# %% 02-math-building-blocks.md, line 1184
def surface_loss(w):
    return w[..., 0] ** 2 + 4 * w[..., 1] ** 2


def surface_gradient(w):
    return np.array([2 * w[0], 8 * w[1]])


w = np.array([-4.0, 2.5])
path = [w]
for step in range(20):
    w = w - 0.2 * surface_gradient(w)
    path.append(w)
path = np.array(path)
print("start:", path[0], "end:", path[-1].round(4), f"loss: {surface_loss(path[-1]):.6f}")

w1, w2 = np.meshgrid(np.linspace(-5, 5, 200), np.linspace(-3, 3, 200))
plt.figure(figsize=(6, 4))
contours = plt.contour(w1, w2, surface_loss(np.stack([w1, w2], axis=-1)), levels=15, cmap="viridis")
plt.clabel(contours, fontsize=7)
plt.plot(path[:, 0], path[:, 1], "o-", color="C3", markersize=3, label="gradient descent")
plt.gca().set_aspect("equal")
plt.xlabel("w1")
plt.ylabel("w2")
plt.legend()
plt.show()

# %% 02-math-building-blocks.md, line 1235
def toy_loss(w):
    return (w ** 2 - 4) ** 2 / 8 + 0.5 * w


def toy_gradient(w):            # the derivative of toy_loss
    return w * (w ** 2 - 4) / 2 + 0.5


learning_rate = 0.02
steps = 150

w = 3.5
sgd_path = [w]
for step in range(steps):
    w = w - learning_rate * toy_gradient(w)
    sgd_path.append(w)

momentum = 0.9
w = 3.5
velocity = 0.
momentum_path = [w]
for step in range(steps):
    velocity = momentum * velocity - learning_rate * toy_gradient(w)
    w = w + velocity
    momentum_path.append(w)

sgd_path, momentum_path = np.array(sgd_path), np.array(momentum_path)
print(f"plain SGD ends at w = {sgd_path[-1]:.3f}, loss {toy_loss(sgd_path[-1]):.3f}")
print(f"momentum  ends at w = {momentum_path[-1]:.3f}, loss {toy_loss(momentum_path[-1]):.3f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
ws = np.linspace(-3, 3.8, 300)
left.plot(ws, toy_loss(ws), color="gray")
left.plot(sgd_path, toy_loss(sgd_path), "o", markersize=3, label="plain SGD")
left.plot(momentum_path, toy_loss(momentum_path), ".", markersize=3, alpha=0.6, label="momentum 0.9")
left.set_xlabel("parameter w")
left.set_ylabel("loss")
left.legend()
right.plot(sgd_path, label="plain SGD")
right.plot(momentum_path, label="momentum 0.9")
right.set_xlabel("step")
right.set_ylabel("parameter w")
right.legend()
plt.tight_layout()
plt.show()

# %% 02-math-building-blocks.md, line 1291
import tensorflow as tf

w_keras = tf.Variable(3.5)
momentum_optimizer = keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)
for step in range(steps):
    with tf.GradientTape() as tape:
        loss_value = toy_loss(w_keras)
    momentum_optimizer.apply_gradients([(tape.gradient(loss_value, w_keras), w_keras)])
print(f"Keras SGD with momentum ends at w = {float(w_keras):.3f}")
print("same as our loop:", np.isclose(float(w_keras), momentum_path[-1], atol=1e-3))

# %% 02-math-building-blocks.md, line 1363
x, w, b, y_true = 2.0, 3.0, 1.0, 4.0

# forward pass
x1 = w * x
x2 = x1 + b
loss_val = abs(y_true - x2)
print(f"forward:  x1 = {x1}, x2 = {x2}, loss_val = {loss_val}")

# backward pass: the local derivative of each node
grad_loss_val_wrt_x2 = 1.0 if x2 > y_true else -1.0   # abs(y_true - x2) grows with x2 here
grad_x2_wrt_x1 = 1.0                                  # x2 = x1 + b
grad_x2_wrt_b = 1.0
grad_x1_wrt_w = x                                     # x1 = w * x

# the chain rule: multiply along the path from loss_val to each weight
hand_grad_w = grad_loss_val_wrt_x2 * grad_x2_wrt_x1 * grad_x1_wrt_w
hand_grad_b = grad_loss_val_wrt_x2 * grad_x2_wrt_b
print(f"backward: grad(loss_val, w) = {hand_grad_w}, grad(loss_val, b) = {hand_grad_b}")

# %% 02-math-building-blocks.md, line 1395
import tensorflow as tf

w_var = tf.Variable(3.0)
b_var = tf.Variable(1.0)
with tf.GradientTape() as tape:
    x1 = w_var * 2.0
    x2 = x1 + b_var
    loss_val = tf.abs(4.0 - x2)
grad_loss_wrt_w, grad_loss_wrt_b = tape.gradient(loss_val, [w_var, b_var])
print(f"GradientTape: grad(loss_val, w) = {float(grad_loss_wrt_w)}, "
      f"grad(loss_val, b) = {float(grad_loss_wrt_b)}")

# %% 02-math-building-blocks.md, line 1422
x = tf.Variable(0.)                      # a scalar variable, initial value 0
with tf.GradientTape() as tape:          # record the operations below
    y = 2 * x + 3
grad_of_y_wrt_x = tape.gradient(y, x)    # the gradient of y with respect to x
print(grad_of_y_wrt_x)

# %% 02-math-building-blocks.md, line 1433
tf.random.set_seed(0)                    # reproducible random values
x = tf.Variable(tf.random.uniform((2, 2)))
with tf.GradientTape() as tape:
    y = 2 * x + 3
grad_of_y_wrt_x_tensor = tape.gradient(y, x)
print(grad_of_y_wrt_x_tensor)

# %% 02-math-building-blocks.md, line 1445
W = tf.Variable(tf.random.uniform((2, 2)))
b = tf.Variable(tf.zeros((2,)))
x = tf.random.uniform((2, 2))
with tf.GradientTape() as tape:
    y = tf.matmul(x, W) + b              # matmul is the dot product in TensorFlow
grad_of_y_wrt_W_and_b = tape.gradient(y, [W, b])
print("gradient with respect to W:\n", grad_of_y_wrt_W_and_b[0].numpy())
print("gradient with respect to b:", grad_of_y_wrt_W_and_b[1].numpy())

# %% 02-math-building-blocks.md, line 1460
expected_grad_W = np.repeat(x.numpy().sum(axis=0)[:, None], 2, axis=1)
grad_W_matches = bool(np.allclose(grad_of_y_wrt_W_and_b[0].numpy(), expected_grad_W))
print("gradient with respect to W is the column sums of x:", grad_W_matches)

# %% 02-math-building-blocks.md, line 1514
print("weight updates:", int(model.optimizer.iterations))

# ---- Part 2: 2.5.1 Reimplementing our first example from scratch in TensorFlow (on the site, a fresh kernel runs it)

# %% 02-math-building-blocks.md, line 1541
import keras
import numpy as np
import tensorflow as tf


class NaiveDense:
    def __init__(self, input_size, output_size, activation):
        self.activation = activation

        # W: a matrix of shape (input_size, output_size), small random initial values
        w_shape = (input_size, output_size)
        w_initial_value = tf.random.uniform(w_shape, minval=0, maxval=1e-1)
        self.W = tf.Variable(w_initial_value)

        # b: a vector of shape (output_size,), initialized with zeros
        b_shape = (output_size,)
        b_initial_value = tf.zeros(b_shape)
        self.b = tf.Variable(b_initial_value)

    def __call__(self, inputs):           # the forward pass
        return self.activation(tf.matmul(inputs, self.W) + self.b)

    @property
    def weights(self):                    # a convenient way to get the layer's weights
        return [self.W, self.b]

# %% 02-math-building-blocks.md, line 1577
class NaiveSequential:
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, inputs):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x

    @property
    def weights(self):
        weights = []
        for layer in self.layers:
            weights += layer.weights
        return weights

# %% 02-math-building-blocks.md, line 1601
keras.utils.set_random_seed(42)   # reproducible initial weights

model = NaiveSequential([
    NaiveDense(input_size=28 * 28, output_size=512, activation=tf.nn.relu),
    NaiveDense(input_size=512, output_size=10, activation=tf.nn.softmax),
])
assert len(model.weights) == 4    # W and b of each of the two layers
print([tuple(weight.shape) for weight in model.weights])

# %% 02-math-building-blocks.md, line 1619
import math


class BatchGenerator:
    def __init__(self, images, labels, batch_size=128):
        assert len(images) == len(labels)
        self.index = 0
        self.images = images
        self.labels = labels
        self.batch_size = batch_size
        self.num_batches = math.ceil(len(images) / batch_size)

    def next(self):
        images = self.images[self.index : self.index + self.batch_size]
        labels = self.labels[self.index : self.index + self.batch_size]
        self.index += self.batch_size
        return images, labels

# %% 02-math-building-blocks.md, line 1653
def one_training_step(model, images_batch, labels_batch):
    with tf.GradientTape() as tape:
        predictions = model(images_batch)                 # forward pass, recorded on the tape
        per_sample_losses = keras.losses.sparse_categorical_crossentropy(
            labels_batch, predictions)
        average_loss = tf.reduce_mean(per_sample_losses)
    gradients = tape.gradient(average_loss, model.weights)   # one gradient per weight tensor
    update_weights(gradients, model.weights)
    return average_loss

# %% 02-math-building-blocks.md, line 1671
learning_rate = 1e-3


def update_weights(gradients, weights):
    for g, w in zip(gradients, weights):
        w.assign_sub(g * learning_rate)

# %% 02-math-building-blocks.md, line 1684
(train_images, train_labels), (test_images, test_labels) = keras.datasets.mnist.load_data()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype("float32") / 255

images_batch, labels_batch = train_images[:128], train_labels[:128]
initial_predictions = model(images_batch).numpy()        # before any update
first_loss = one_training_step(model, images_batch, labels_batch)
second_loss = one_training_step(model, images_batch, labels_batch)
print(f"loss on the batch: {float(first_loss):.4f}, then after one update: {float(second_loss):.4f}")
print(f"chance level, ln 10: {np.log(10):.4f}")
initial_top_probability = float(initial_predictions.max(axis=1).mean())
initial_hit_rate = float(np.mean(initial_predictions.argmax(axis=1) == labels_batch))
true_class_probabilities = initial_predictions[np.arange(128), labels_batch]
initial_median_true_probability = float(np.median(true_class_probabilities))
print(f"before the update: favourite class's probability {initial_top_probability:.3f} on average, "
      f"right for {initial_hit_rate:.1%} of the images")
print(f"true class's probability: median {initial_median_true_probability:.4f}")

# %% 02-math-building-blocks.md, line 1725
optimizer = keras.optimizers.SGD(learning_rate=1e-3)


def update_weights_with_optimizer(gradients, weights):
    optimizer.apply_gradients(zip(gradients, weights))

# %% 02-math-building-blocks.md, line 1737
with tf.GradientTape() as tape:
    predictions = model(images_batch)
    average_loss = tf.reduce_mean(
        keras.losses.sparse_categorical_crossentropy(labels_batch, predictions))
gradients = tape.gradient(average_loss, model.weights)

starting_weights = [w.numpy() for w in model.weights]
update_weights(gradients, model.weights)                       # our update
by_hand = [w.numpy() for w in model.weights]

for w, value in zip(model.weights, starting_weights):          # back to the starting weights
    w.assign(value)
update_weights_with_optimizer(gradients, model.weights)        # the optimizer's update
optimizer_matches = all(np.allclose(a, w.numpy()) for a, w in zip(by_hand, model.weights))
print("same weights after either update:", optimizer_matches)

# %% 02-math-building-blocks.md, line 1768
def fit(model, images, labels, epochs, batch_size=128):
    for epoch_counter in range(epochs):
        print(f"Epoch {epoch_counter}")
        batch_generator = BatchGenerator(images, labels, batch_size)
        for batch_counter in range(batch_generator.num_batches):
            images_batch, labels_batch = batch_generator.next()
            loss = one_training_step(model, images_batch, labels_batch)
            if batch_counter % 100 == 0:
                print(f"loss at batch {batch_counter}: {loss:.2f}")

# %% 02-math-building-blocks.md, line 1784
import time

keras.utils.set_random_seed(42)   # the same fresh start on every run

model = NaiveSequential([
    NaiveDense(input_size=28 * 28, output_size=512, activation=tf.nn.relu),
    NaiveDense(input_size=512, output_size=10, activation=tf.nn.softmax),
])
start = time.perf_counter()
fit(model, train_images, train_labels, epochs=10, batch_size=128)
scratch_fit_seconds = time.perf_counter() - start
print(f"10 epochs in {scratch_fit_seconds:.0f} s")

# %% 02-math-building-blocks.md, line 1810
predictions = model(test_images)
predictions = predictions.numpy()            # a TensorFlow tensor, converted to a NumPy array
predicted_labels = np.argmax(predictions, axis=1)
matches = predicted_labels == test_labels
scratch_accuracy = matches.mean()
print(f"accuracy: {scratch_accuracy:.2f}")
