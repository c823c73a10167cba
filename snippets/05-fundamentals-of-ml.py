# Generated from docs/chapters/05-fundamentals-of-ml.md by `python -m dlp_build snippets`: edit the chapter, not this file.

# ---- Part 1: 5. Fundamentals of machine learning (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 41
import numpy as np
import keras
from keras import layers
from keras.datasets import mnist

(train_images, train_labels), _ = mnist.load_data()
train_images = train_images.reshape((60000, 28 * 28)).astype("float32") / 255

def train_small_model(steps_per_execution):
    keras.utils.set_random_seed(42)
    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.5),  # randomness inside the training step, too
        layers.Dense(10, activation="softmax")
    ])
    model.compile(optimizer="rmsprop",
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"],
                  steps_per_execution=steps_per_execution)
    model.fit(train_images[:5000], train_labels[:5000], epochs=2, batch_size=128,
              validation_split=0.2, verbose=0)
    return model.get_weights()

weights_one_step = train_small_model(1)
weights_8_steps = train_small_model(8)
spe_identical = all(np.array_equal(a, b) for a, b in zip(weights_one_step, weights_8_steps))
print("Identical weights, bit for bit:", spe_identical)

# %% 05-fundamentals-of-ml.md, line 87
keras.utils.set_random_seed(1337)
model = keras.Sequential([
    layers.Dense(512, activation="relu"),
    layers.Dense(10, activation="softmax")
])
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_canonical = model.fit(
    train_images[:2000], train_labels[:2000],
    epochs=30,
    batch_size=128,
    validation_data=(train_images[-10000:], train_labels[-10000:]),
    verbose=0)
canonical_loss = history_canonical.history["loss"]
canonical_val_loss = history_canonical.history["val_loss"]
best_epoch_canonical = int(np.argmin(canonical_val_loss)) + 1
print(f"Lowest validation loss {min(canonical_val_loss):.3f}, after epoch {best_epoch_canonical}")
print(f"Validation loss after the last epoch: {canonical_val_loss[-1]:.3f}")

# %% 05-fundamentals-of-ml.md, line 113
import matplotlib.pyplot as plt

epochs = range(1, len(canonical_loss) + 1)
plt.figure(figsize=(8, 4.5))
plt.axvspan(0.5, best_epoch_canonical, color="tab:green", alpha=0.12,
            label="Underfitting: both losses still falling")
plt.axvspan(best_epoch_canonical, len(canonical_loss) + 0.5, color="tab:red", alpha=0.10,
            label="Overfitting: validation loss rising")
plt.plot(epochs, canonical_loss, "bo", label="Training loss")
plt.plot(epochs, canonical_val_loss, "b", label="Validation loss")
plt.annotate("Robust fit:\nlowest validation loss",
             xy=(best_epoch_canonical, min(canonical_val_loss)),
             xytext=(best_epoch_canonical + 3, max(canonical_val_loss) * 0.8),
             arrowprops=dict(arrowstyle="->"))
plt.title("Canonical overfitting behavior (2,000 MNIST training digits)")
plt.xlabel("Epochs")
plt.ylabel("Loss")
plt.legend()
plt.show()

# %% 05-fundamentals-of-ml.md, line 152
class_means = np.stack([train_images[train_labels == digit].mean(axis=0)
                        for digit in range(10)])
# squared distance from every image to every class mean, without a (60000, 10, 784) array
distances = ((train_images ** 2).sum(axis=1, keepdims=True)
             - 2 * train_images @ class_means.T
             + (class_means ** 2).sum(axis=1))
own_distance = distances[np.arange(len(train_labels)), train_labels]
nearest_class = distances.argmin(axis=1)
odd_ones = np.argsort(own_distance)[-6:]  # furthest from their own class's average
gap = own_distance - distances.min(axis=1)
look_alikes = np.argsort(gap)[-6:]  # closer to another class's average, by the widest margin
print("Training digits closer to another class's average than to their own:",
      int((nearest_class != train_labels).sum()))

fig, axes = plt.subplots(2, 6, figsize=(10, 4))
for ax, index in zip(axes[0], odd_ones):
    ax.imshow(train_images[index].reshape(28, 28), cmap="binary")
    ax.set_title(f"#{index}: label {train_labels[index]}", fontsize=9)
for ax, index in zip(axes[1], look_alikes):
    ax.imshow(train_images[index].reshape(28, 28), cmap="binary")
    ax.set_title(f"#{index}: label {train_labels[index]}\nnearest: {nearest_class[index]}",
                 fontsize=9)
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("Top: least typical digits of their class. "
             "Bottom: digits that look more like another class")
plt.show()

# %% 05-fundamentals-of-ml.md, line 198
rng = np.random.default_rng(0)
num_points = 150
points = np.concatenate([rng.normal([-1.0, 0.0], 1.0, size=(num_points, 2)),
                         rng.normal([1.0, 0.0], 1.0, size=(num_points, 2))])
point_labels = np.array([0] * num_points + [1] * num_points)

xx, yy = np.meshgrid(np.linspace(-4.5, 4.5, 300), np.linspace(-4.5, 4.5, 300))
grid = np.stack([xx.ravel(), yy.ravel()], axis=1)
mean_0, mean_1 = points[point_labels == 0].mean(axis=0), points[point_labels == 1].mean(axis=0)
robust = (grid - (mean_0 + mean_1) / 2) @ (mean_1 - mean_0) > 0  # halfway between the centers
squared = ((grid ** 2).sum(axis=1, keepdims=True) - 2 * grid @ points.T
           + (points ** 2).sum(axis=1))
overfit = point_labels[squared.argmin(axis=1)]  # the label of the nearest training point

fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
for ax, regions, title in zip(axes, [robust, overfit], ["Robust fit", "Overfit"]):
    ax.contourf(xx, yy, regions.reshape(xx.shape), levels=[-0.5, 0.5, 1.5],
                colors=["tab:blue", "tab:orange"], alpha=0.2)
    ax.scatter(*points[point_labels == 0].T, s=10, color="tab:blue", label="class 0")
    ax.scatter(*points[point_labels == 1].T, s=10, color="tab:orange", label="class 1")
    ax.set_title(title)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.legend(loc="upper left")
plt.show()

# %% 05-fundamentals-of-ml.md, line 241
from keras.datasets import mnist
import numpy as np

keras.utils.set_random_seed(1337)
(train_images, train_labels), _ = mnist.load_data()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255

train_images_with_noise_channels = np.concatenate(
    [train_images, np.random.random((len(train_images), 784)).astype("float32")], axis=1)

train_images_with_zeros_channels = np.concatenate(
    [train_images, np.zeros((len(train_images), 784), dtype="float32")], axis=1)
print(train_images_with_noise_channels.shape, train_images_with_zeros_channels.shape)

# %% 05-fundamentals-of-ml.md, line 266
def get_model():
    model = keras.Sequential([
        layers.Dense(512, activation="relu"),
        layers.Dense(10, activation="softmax")
    ])
    model.compile(optimizer="rmsprop",
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"],
                  steps_per_execution=8)
    return model

model = get_model()
history_noise = model.fit(
    train_images_with_noise_channels, train_labels,
    epochs=10,
    batch_size=128,
    validation_split=0.2,
    verbose=0)

model = get_model()
history_zeros = model.fit(
    train_images_with_zeros_channels, train_labels,
    epochs=10,
    batch_size=128,
    validation_split=0.2,
    verbose=0)

# %% 05-fundamentals-of-ml.md, line 300
import matplotlib.pyplot as plt

val_acc_noise = history_noise.history["val_accuracy"]
val_acc_zeros = history_zeros.history["val_accuracy"]
epochs = range(1, 11)
plt.plot(epochs, val_acc_noise, "b-",
         label="Validation accuracy with noise channels")
plt.plot(epochs, val_acc_zeros, "b--",
         label="Validation accuracy with zeros channels")
plt.title("Effect of noise channels on validation accuracy")
plt.xlabel("Epochs")
plt.ylabel("Accuracy")
plt.legend()
plt.show()

noise_final_val_acc = val_acc_noise[-1]
zeros_final_val_acc = val_acc_zeros[-1]
print(f"Final validation accuracy: {noise_final_val_acc:.4f} with noise channels, "
      f"{zeros_final_val_acc:.4f} with zeros channels")

# ---- Part 2: 5.1.2 The nature of generalization in deep learning (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 343
import numpy as np
import keras
from keras import layers
from keras.datasets import mnist

keras.utils.set_random_seed(1337)
(train_images, train_labels), _ = mnist.load_data()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255

random_train_labels = train_labels.copy()
np.random.shuffle(random_train_labels)

model = keras.Sequential([
    layers.Dense(512, activation="relu"),
    layers.Dense(10, activation="softmax")
])
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_shuffled = model.fit(train_images, random_train_labels,
                             epochs=100,
                             batch_size=128,
                             validation_split=0.2,
                             verbose=0)

# %% 05-fundamentals-of-ml.md, line 379
shuffled = history_shuffled.history
print(f"{'epoch':>5}{'loss':>9}{'accuracy':>10}{'val_loss':>10}{'val_accuracy':>14}")
for epoch in [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]:
    i = epoch - 1
    print(f"{epoch:>5}{shuffled['loss'][i]:>9.4f}{shuffled['accuracy'][i]:>10.4f}"
          f"{shuffled['val_loss'][i]:>10.4f}{shuffled['val_accuracy'][i]:>14.4f}")
shuffled_final_train_acc = shuffled["accuracy"][-1]
shuffled_best_val_acc = max(shuffled["val_accuracy"])

# %% 05-fundamentals-of-ml.md, line 390
import matplotlib.pyplot as plt

epochs = range(1, 101)
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
left.plot(epochs, shuffled["loss"], "b-", label="Training loss")
left.plot(epochs, shuffled["val_loss"], "r--", label="Validation loss")
left.set_title("Loss, with shuffled labels")
left.set_ylabel("Loss")
right.plot(epochs, shuffled["accuracy"], "b-", label="Training accuracy")
right.plot(epochs, shuffled["val_accuracy"], "r--", label="Validation accuracy")
right.axhline(0.1, color="gray", linestyle=":", label="Chance (1 in 10)")
right.set_title("Accuracy, with shuffled labels")
right.set_ylabel("Accuracy")
for ax in (left, right):
    ax.set_xlabel("Epochs")
    ax.legend()
plt.show()

# ---- Part 3: The manifold hypothesis (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 426
import numpy as np
import matplotlib.pyplot as plt
import keras
from keras.datasets import mnist

keras.utils.set_random_seed(1337)
(train_images, train_labels), _ = mnist.load_data()
rng = np.random.default_rng(1337)
random_images = rng.integers(0, 256, size=(6, 28, 28))

fig, axes = plt.subplots(2, 6, figsize=(10, 3.8))
for ax, image in zip(axes[0], random_images):
    ax.imshow(image, cmap="binary")
for ax, image in zip(axes[1], train_images[:6]):
    ax.imshow(image, cmap="binary")
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].set_ylabel("random")
axes[1, 0].set_ylabel("MNIST")
fig.suptitle("Random points of the 784-dimensional input space vs. real digits")
plt.show()

# %% 05-fundamentals-of-ml.md, line 470
flat = train_images[:10000].reshape((10000, 28 * 28)).astype("float64") / 255
centered = flat - flat.mean(axis=0)
# the variance along each principal direction: the eigenvalues of the covariance matrix
variances = np.linalg.eigvalsh(centered.T @ centered / len(centered))[::-1]  # largest first
explained = np.cumsum(variances) / np.sum(variances)
dims_90 = int(np.searchsorted(explained, 0.90)) + 1
dims_95 = int(np.searchsorted(explained, 0.95)) + 1
print(f"{dims_90} of 784 directions capture 90% of the variation, {dims_95} capture 95%")

plt.plot(range(1, 785), explained)
plt.axhline(0.9, color="gray", linestyle=":", label="90% of the variation")
plt.title("How much of the MNIST variation the first principal directions capture")
plt.xlabel("Number of principal directions")
plt.ylabel("Cumulative share of the variation")
plt.legend()
plt.show()

# %% 05-fundamentals-of-ml.md, line 509
import heapq

images = train_images[:20000].reshape((20000, 28 * 28)).astype("float32") / 255
labels = train_labels[:20000]
pool = images[(labels == 0) | (labels == 6)]
pool_labels = labels[(labels == 0) | (labels == 6)]

squared_norms = (pool ** 2).sum(axis=1)
squared_distances = np.maximum(
    squared_norms[:, None] - 2 * pool @ pool.T + squared_norms[None, :], 0)
neighbors = np.argsort(squared_distances, axis=1)[:, 1:11]  # 10 nearest, excluding itself
graph = [dict() for _ in range(len(pool))]
for i, row in enumerate(neighbors):
    for j in row:  # an edge in both directions; its cost is the squared distance
        graph[i][j] = graph[j][i] = squared_distances[i, j]

def shortest_path(graph, start, end):
    """Dijkstra's algorithm: the path of smallest total cost from start to end."""
    costs, previous, queue, done = {start: 0.0}, {}, [(0.0, start)], set()
    while queue:
        cost, node = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        if node == end:
            break
        for neighbor, step in graph[node].items():
            if cost + step < costs.get(neighbor, np.inf):
                costs[neighbor] = cost + step
                previous[neighbor] = node
                heapq.heappush(queue, (cost + step, neighbor))
    path = [end]
    while path[-1] != start:
        path.append(previous[path[-1]])
    return path[::-1]

def typical(digit, count=100):
    """Indices of the `count` images of `digit` closest to that digit's average image."""
    indices = np.flatnonzero(pool_labels == digit)
    mean = pool[indices].mean(axis=0)
    return indices[np.argsort(((pool[indices] - mean) ** 2).sum(axis=1))[:count]]

# endpoints: the most different pair among typical 0s and typical 6s
zeros, sixes = typical(0), typical(6)
pair = np.unravel_index(np.argmax(squared_distances[np.ix_(zeros, sixes)]),
                        (len(zeros), len(sixes)))
start, end = zeros[pair[0]], sixes[pair[1]]
path = shortest_path(graph, start, end)

steps = len(path)
fig, axes = plt.subplots(2, steps, figsize=(1.1 * steps, 3))
for column, node in enumerate(path):
    weight = column / (steps - 1)
    average = (1 - weight) * pool[start] + weight * pool[end]
    axes[0, column].imshow(average.reshape(28, 28), cmap="binary")
    axes[1, column].imshow(pool[node].reshape(28, 28), cmap="binary")
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].set_ylabel("pixel\naverage")
axes[1, 0].set_ylabel("along\nthe data")
fig.suptitle("Linear interpolation in pixel space vs. a path along the data")
plt.show()
manifold_path_length = steps

# %% 05-fundamentals-of-ml.md, line 603
from keras import layers

keras.utils.set_random_seed(1337)
rng = np.random.default_rng(3)
x_points = np.sort(rng.uniform(-1, 1, 20)).astype("float32")
y_points = (np.sin(3 * x_points) + rng.normal(0, 0.25, 20)).astype("float32")
x_curve = np.linspace(-1, 1, 400, dtype="float32")[:, None]

curve_model = keras.Sequential([
    layers.Dense(128, activation="relu"),
    layers.Dense(128, activation="relu"),
    layers.Dense(1)
])
curve_model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse",
                    steps_per_execution=100)
# 100 copies of the 20 points, one batch of 20 points per step: an "epoch" is 100 steps
x_repeated = np.tile(x_points[:, None], (100, 1))
y_repeated = np.tile(y_points[:, None], (100, 1))
snapshots = {0: curve_model.predict(x_curve, verbose=0)}
epochs_done = 0
for epochs_wanted in [1, 5, 100]:
    curve_model.fit(x_repeated, y_repeated, epochs=epochs_wanted - epochs_done,
                    batch_size=20, shuffle=False, verbose=0)
    epochs_done = epochs_wanted
    snapshots[epochs_done * 100] = curve_model.predict(x_curve, verbose=0)

titles = ["Before training: random", "Beginning of training", "Robust fit", "Overfit"]
fig, axes = plt.subplots(1, 4, figsize=(14, 3.4), sharey=True)
for ax, (steps_done, prediction), title in zip(axes, snapshots.items(), titles):
    ax.plot(x_curve, np.sin(3 * x_curve), "g:", label="True curve")
    ax.plot(x_points, y_points, "ko", markersize=4, label="Training samples")
    ax.plot(x_curve, prediction, "b-", label="Model")
    ax.set_title(f"{title}\n({steps_done} steps)")
    ax.set_xlabel("input")
    ax.set_ylim(-2, 2)
axes[0].set_ylabel("output")
axes[0].legend(loc="upper left", fontsize=8)
plt.show()

# ---- Part 4: 5.2 Evaluating machine learning models (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 699
import numpy as np
import keras
from keras import layers
from keras.datasets import mnist

keras.utils.set_random_seed(1337)
(train_images, train_labels), (test_images, test_labels) = mnist.load_data()
data = train_images[:6000].reshape((6000, 28 * 28)).astype("float32") / 255
labels = train_labels[:6000]
test_data = test_images.reshape((10000, 28 * 28)).astype("float32") / 255

def get_model():
    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax")
    ])
    model.compile(optimizer="rmsprop",
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"],
                  steps_per_execution=8)
    return model

def train_and_evaluate(training_data, training_labels, validation_data, validation_labels,
                       epochs=5):
    """Train a fresh model; return its accuracy on the validation data."""
    model = get_model()
    model.fit(training_data, training_labels, epochs=epochs, batch_size=128, verbose=0)
    _, accuracy = model.evaluate(validation_data, validation_labels, verbose=0)
    return accuracy

# %% 05-fundamentals-of-ml.md, line 745
def hold_out_validation(data, labels, num_validation_samples):
    permutation = np.random.permutation(len(data))  # shuffle data and labels alike
    data, labels = data[permutation], labels[permutation]
    validation_data = data[:num_validation_samples]
    validation_labels = labels[:num_validation_samples]
    training_data = data[num_validation_samples:]
    training_labels = labels[num_validation_samples:]
    return train_and_evaluate(training_data, training_labels,
                              validation_data, validation_labels)

holdout_scores = [hold_out_validation(data, labels, num_validation_samples=1500)
                  for _ in range(3)]
print("Hold-out validation accuracy, three different random splits:",
      np.round(holdout_scores, 4))

# %% 05-fundamentals-of-ml.md, line 791
def k_fold_validation(data, labels, k):
    permutation = np.random.permutation(len(data))
    data, labels = data[permutation], labels[permutation]
    num_validation_samples = len(data) // k
    validation_scores = []
    for fold in range(k):
        start = num_validation_samples * fold
        end = num_validation_samples * (fold + 1)
        validation_data, validation_labels = data[start:end], labels[start:end]
        training_data = np.concatenate([data[:start], data[end:]])
        training_labels = np.concatenate([labels[:start], labels[end:]])
        validation_scores.append(train_and_evaluate(training_data, training_labels,
                                                    validation_data, validation_labels))
    return validation_scores

k_fold_scores = k_fold_validation(data, labels, k=3)
print("Validation accuracy per fold:", np.round(k_fold_scores, 4))
print(f"K-fold validation accuracy (mean): {np.mean(k_fold_scores):.4f}")

# %% 05-fundamentals-of-ml.md, line 830
def iterated_k_fold_validation(data, labels, k, iterations):
    scores = []
    for _ in range(iterations):
        scores += k_fold_validation(data, labels, k)  # a new shuffle each time
    return scores

iterated_scores = iterated_k_fold_validation(data, labels, k=3, iterations=3)
print(f"{len(iterated_scores)} scores:", np.round(iterated_scores, 4))
print(f"Iterated K-fold validation accuracy (mean): {np.mean(iterated_scores):.4f}")

# %% 05-fundamentals-of-ml.md, line 845
final_model = get_model()
final_model.fit(data, labels, epochs=5, batch_size=128, verbose=0)
_, final_test_acc = final_model.evaluate(test_data, test_labels, verbose=0)
print(f"Test accuracy of the final model: {final_test_acc:.4f}")

# %% 05-fundamentals-of-ml.md, line 862
most_common_digit = int(np.bincount(labels).argmax())
baseline_test_acc = float(np.mean(test_labels == most_common_digit))
print(f"Baseline, always predict {most_common_digit}: test accuracy {baseline_test_acc:.4f}")
print(f"Small model, trained on 6,000 digits:   test accuracy {final_test_acc:.4f}")

# %% 05-fundamentals-of-ml.md, line 891
sorted_labels = np.sort(labels)  # as if the dataset came sorted by class
print("Classes in the last 20% of the sorted data:", np.unique(sorted_labels[-1200:]))

# ---- Part 5: 5.3 Improving model fit (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 924
import numpy as np
import keras
from keras import layers
from keras.datasets import mnist

keras.utils.set_random_seed(1337)
(train_images, train_labels), _ = mnist.load_data()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255

model = keras.Sequential([
    layers.Dense(512, activation="relu"),
    layers.Dense(10, activation="softmax")
])
model.compile(optimizer=keras.optimizers.RMSprop(1.),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_high_lr = model.fit(train_images, train_labels,
                            epochs=10,
                            batch_size=128,
                            validation_split=0.2)

# %% 05-fundamentals-of-ml.md, line 955
model = keras.Sequential([
    layers.Dense(512, activation="relu"),
    layers.Dense(10, activation="softmax")
])
model.compile(optimizer=keras.optimizers.RMSprop(1e-2),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_sane_lr = model.fit(train_images, train_labels,
                            epochs=10,
                            batch_size=128,
                            validation_split=0.2)

# %% 05-fundamentals-of-ml.md, line 972
import matplotlib.pyplot as plt

high_lr_val_acc = history_high_lr.history["val_accuracy"]
sane_lr_val_acc = history_sane_lr.history["val_accuracy"]
epochs = range(1, 11)
plt.plot(epochs, high_lr_val_acc, "r-", label="RMSprop(1.): learning rate too high")
plt.plot(epochs, sane_lr_val_acc, "b--", label="RMSprop(1e-2)")
plt.title("Effect of the learning rate on validation accuracy")
plt.xlabel("Epochs")
plt.ylabel("Validation accuracy")
plt.legend()
plt.show()

high_lr_final_val_acc = high_lr_val_acc[-1]
sane_lr_final_val_acc = sane_lr_val_acc[-1]
print(f"Final validation accuracy: {high_lr_final_val_acc:.4f} with learning rate 1, "
      f"{sane_lr_final_val_acc:.4f} with learning rate 0.01")

# ---- Part 6: 5.3.3 Increasing model capacity (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 1029
import numpy as np
import keras
from keras import layers
from keras.datasets import mnist

keras.utils.set_random_seed(1337)
(train_images, train_labels), _ = mnist.load_data()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255

model = keras.Sequential([layers.Dense(10, activation="softmax")])
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_small_model = model.fit(
    train_images, train_labels,
    epochs=20,
    batch_size=128,
    validation_split=0.2,
    verbose=0)

# %% 05-fundamentals-of-ml.md, line 1053
import matplotlib.pyplot as plt

val_loss = history_small_model.history["val_loss"]
epochs = range(1, 21)
plt.plot(epochs, val_loss, "b--",
         label="Validation loss")
plt.title("Effect of insufficient model capacity on validation loss")
plt.xlabel("Epochs")
plt.ylabel("Loss")
plt.legend()
plt.show()

# %% 05-fundamentals-of-ml.md, line 1074
model = keras.Sequential([
    layers.Dense(96, activation="relu"),
    layers.Dense(96, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_large_model = model.fit(
    train_images, train_labels,
    epochs=20,
    batch_size=128,
    validation_split=0.2,
    verbose=0)

# %% 05-fundamentals-of-ml.md, line 1092
small_val_loss = history_small_model.history["val_loss"]
large_val_loss = history_large_model.history["val_loss"]
plt.plot(epochs, small_val_loss, "b--", label="Logistic regression (listing 5.9)")
plt.plot(epochs, large_val_loss, "r-", label="Two layers of 96 units")
plt.title("Validation loss: insufficient vs. appropriate capacity")
plt.xlabel("Epochs")
plt.ylabel("Validation loss")
plt.legend()
plt.show()

small_model_best_val_loss = min(small_val_loss)
large_model_best_val_loss = min(large_val_loss)
best_epoch_large_model = int(np.argmin(large_val_loss)) + 1
print(f"Lowest validation loss: {small_model_best_val_loss:.4f} for the logistic regression, "
      f"{large_model_best_val_loss:.4f} for the bigger model "
      f"(after epoch {best_epoch_large_model})")

# ---- Part 7: 5.4 Improving generalization (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 1148
import numpy as np
import matplotlib.pyplot as plt

def hand_angles(hours, minutes):
    """Clockwise angles from 12 o'clock, in degrees, of the hour and the minute hands."""
    return (hours % 12) * 30 + minutes * 0.5, minutes * 6

def hand_tips(hours, minutes, lengths=(0.55, 0.9)):
    """(x, y) coordinates of the tips of the hour and the minute hands (center at 0, 0)."""
    angles = np.radians(hand_angles(hours, minutes))
    return [(length * np.sin(angle), length * np.cos(angle))
            for length, angle in zip(lengths, angles)]

def pixel_grid(hours, minutes, size=24):
    """A coarse picture of the clock: a dial and two hands, as a grid of 0s and 1s."""
    grid = np.zeros((size, size))
    center = (size - 1) / 2
    for t in np.linspace(0, 2 * np.pi, 200):  # the dial
        grid[int(round(center - 0.95 * center * np.cos(t))),
             int(round(center + 0.95 * center * np.sin(t)))] = 1
    for x, y in hand_tips(hours, minutes):  # the hands, as dots along a line
        for t in np.linspace(0, 1, 50):
            grid[int(round(center - t * y * center)), int(round(center + t * x * center))] = 1
    return grid

times = [(1, 30), (10, 10)]
fig, axes = plt.subplots(2, 3, figsize=(13, 7), gridspec_kw={"width_ratios": [1, 1.8, 1]})
for row, (hours, minutes) in zip(axes, times):
    row[0].imshow(pixel_grid(hours, minutes), cmap="binary")
    row[0].set_xticks([])
    row[0].set_yticks([])
    row[0].set_title("Raw data: pixel grid")
    row[0].set_ylabel(f"{hours}:{minutes:02d}", fontsize=14)
    row[1].add_patch(plt.Circle((0, 0), 1, fill=False))
    (x1, y1), (x2, y2) = hand_tips(hours, minutes)
    row[1].plot([0, x1], [0, y1], color="tab:red", linewidth=4, label="hour hand (1)")
    row[1].plot([0, x2], [0, y2], color="tab:blue", linewidth=2, label="minute hand (2)")
    row[1].text(1.25, 0.0, f"x1: {x1:.2f}, y1: {y1:.2f}\nx2: {x2:.2f}, y2: {y2:.2f}",
                va="center", fontsize=11)
    row[1].set_xlim(-1.1, 3.9)
    row[1].set_ylim(-1.1, 1.1)
    row[1].set_aspect("equal")
    row[1].set_xticks([])
    row[1].set_yticks([])
    row[1].legend(loc="lower right", fontsize=8)
    row[1].set_title("Better: coordinates of the hands' tips")
    theta_1, theta_2 = hand_angles(hours, minutes)
    row[2].text(0.5, 0.5, f"theta1: {theta_1:.1f}°\ntheta2: {theta_2:.1f}°",
                ha="center", va="center", fontsize=16)
    row[2].axis("off")
    row[2].set_title("Even better: angles of the hands")
fig.suptitle("Three representations of the same input, from hard to easy to learn")
plt.show()

# %% 05-fundamentals-of-ml.md, line 1207
for hours, minutes in times:
    theta_1, theta_2 = hand_angles(hours, minutes)
    print(f"angles {theta_1:5.1f}°, {theta_2:5.1f}°  ->  "
          f"{int(theta_1 // 30)}:{int(round(theta_2 / 6)):02d}")

# ---- Part 8: 5.4.3 Using early stopping (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 1242
import numpy as np
import keras
from keras import layers
from keras.datasets import imdb

keras.utils.set_random_seed(1337)
(train_data, train_labels), _ = imdb.load_data(num_words=10000)

def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results
train_data = vectorize_sequences(train_data)

model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss",           # watch the validation loss,
    patience=2,                   # stop after 2 epochs without improvement,
    restore_best_weights=True)    # and go back to the best epoch's weights
history_early = model.fit(train_data, train_labels,
                          epochs=20, batch_size=512, validation_split=0.4,
                          callbacks=[early_stopping])

# %% 05-fundamentals-of-ml.md, line 1276
early_val_loss = history_early.history["val_loss"]
early_epochs_run = len(early_val_loss)
best_epoch_early = int(np.argmin(early_val_loss)) + 1
# validation_split=0.4 took the last 40% of the samples as validation data
restored_val_loss, _ = model.evaluate(train_data[15000:], train_labels[15000:], verbose=0)
print(f"Training stopped after {early_epochs_run} of 20 epochs; "
      f"the best epoch was epoch {best_epoch_early}")
print(f"Validation loss of the restored model: {restored_val_loss:.4f} "
      f"(best epoch's: {min(early_val_loss):.4f})")

# ---- Part 9: 5.4.4 Regularizing your model (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 1322
import numpy as np
import keras
from keras import layers
from keras.datasets import imdb

keras.utils.set_random_seed(1337)
(train_data, train_labels), _ = imdb.load_data(num_words=10000)

def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results
train_data = vectorize_sequences(train_data)

model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_original = model.fit(train_data, train_labels,
                             epochs=20, batch_size=512, validation_split=0.4,
                             verbose=0)

# %% 05-fundamentals-of-ml.md, line 1361
model = keras.Sequential([
    layers.Dense(4, activation="relu"),
    layers.Dense(4, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_smaller_model = model.fit(
    train_data, train_labels,
    epochs=20, batch_size=512, validation_split=0.4,
    verbose=0)

# %% 05-fundamentals-of-ml.md, line 1381
model = keras.Sequential([
    layers.Dense(512, activation="relu"),
    layers.Dense(512, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_larger_model = model.fit(
    train_data, train_labels,
    epochs=20, batch_size=512, validation_split=0.4,
    verbose=0)

# %% 05-fundamentals-of-ml.md, line 1400
import matplotlib.pyplot as plt

epochs = range(1, 21)
runs = [(history_original, "Original model (16 units)", "b--"),
        (history_smaller_model, "Smaller model (4 units)", "g-"),
        (history_larger_model, "Larger model (512 units)", "r-")]
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
for history, name, style in runs:
    left.plot(epochs, history.history["val_loss"], style, label=name)
    right.plot(epochs, history.history["loss"], style, label=name)
left.set_title("Validation loss, by model size (IMDB)")
right.set_title("Training loss, by model size (IMDB)")
for ax in (left, right):
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Loss")
    ax.legend()
plt.show()

best_epoch_original = int(np.argmin(history_original.history["val_loss"])) + 1
best_epoch_smaller = int(np.argmin(history_smaller_model.history["val_loss"])) + 1
best_epoch_larger = int(np.argmin(history_larger_model.history["val_loss"])) + 1
final_val_loss = {name: history.history["val_loss"][-1] for history, name, _ in runs}
min_train_loss_larger = min(history_larger_model.history["loss"])
print(f"Best epoch (lowest validation loss): original {best_epoch_original}, "
      f"smaller {best_epoch_smaller}, larger {best_epoch_larger}")
for name, value in final_val_loss.items():
    print(f"{name:27} validation loss after epoch 20: {value:.4f}")
print(f"Lowest training loss of the larger model: {min_train_loss_larger:.4f}")

# ---- Part 10: Adding weight regularization (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 1465
import numpy as np
import keras
from keras import layers
from keras.datasets import imdb

keras.utils.set_random_seed(1337)
(train_data, train_labels), _ = imdb.load_data(num_words=10000)

def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results
train_data = vectorize_sequences(train_data)

model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_original = model.fit(train_data, train_labels,
                             epochs=20, batch_size=512, validation_split=0.4,
                             verbose=0)

# %% 05-fundamentals-of-ml.md, line 1499
from keras import regularizers

model = keras.Sequential([
    layers.Dense(16,
                 kernel_regularizer=regularizers.l2(0.002),
                 activation="relu"),
    layers.Dense(16,
                 kernel_regularizer=regularizers.l2(0.002),
                 activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_l2_reg = model.fit(
    train_data, train_labels,
    epochs=20, batch_size=512, validation_split=0.4,
    verbose=0)

# %% 05-fundamentals-of-ml.md, line 1531
from keras import regularizers

l1 = regularizers.l1(0.001)                     # L1 regularization
l1_l2 = regularizers.l1_l2(l1=0.001, l2=0.001)  # L1 and L2 regularization at once
print(type(l1).__name__, l1.get_config())
print(type(l1_l2).__name__, l1_l2.get_config())

# %% 05-fundamentals-of-ml.md, line 1546
def regularized_model(regularizer):
    model = keras.Sequential([
        layers.Dense(16, kernel_regularizer=regularizer, activation="relu"),
        layers.Dense(16, kernel_regularizer=regularizer, activation="relu"),
        layers.Dense(1, activation="sigmoid")
    ])
    model.compile(optimizer="rmsprop",
                  loss="binary_crossentropy",
                  metrics=["accuracy"],
                  steps_per_execution=8)
    return model

model = regularized_model(regularizers.l1(0.001))
history_l1_reg = model.fit(train_data, train_labels,
                           epochs=20, batch_size=512, validation_split=0.4, verbose=0)
model = regularized_model(regularizers.l1_l2(l1=0.001, l2=0.001))
history_l1_l2_reg = model.fit(train_data, train_labels,
                              epochs=20, batch_size=512, validation_split=0.4, verbose=0)

# %% 05-fundamentals-of-ml.md, line 1567
import matplotlib.pyplot as plt

epochs = range(1, 21)
runs = {"Original model": (history_original, "b--"),
        "L2-regularized, l2(0.002)": (history_l2_reg, "r-"),
        "L1-regularized, l1(0.001)": (history_l1_reg, "g-"),
        "L1 and L2, l1_l2(0.001, 0.001)": (history_l1_l2_reg, "m-")}
for name, (history, style) in runs.items():
    plt.plot(epochs, history.history["val_loss"], style, label=name)
plt.title("Effect of weight regularization on validation loss (IMDB)")
plt.xlabel("Epochs")
plt.ylabel("Validation loss")
plt.legend()
plt.show()

best_val = {name: min(history.history["val_loss"]) for name, (history, _) in runs.items()}
best_epoch = {name: int(np.argmin(history.history["val_loss"])) + 1
              for name, (history, _) in runs.items()}
for name in runs:
    print(f"{name:32} lowest validation loss {best_val[name]:.4f} after epoch {best_epoch[name]}")
best_val_original = best_val["Original model"]
best_epoch_original = best_epoch["Original model"]
best_val_l2 = best_val["L2-regularized, l2(0.002)"]
best_epoch_l2 = best_epoch["L2-regularized, l2(0.002)"]
best_epoch_l1 = best_epoch["L1-regularized, l1(0.001)"]
best_epoch_l1_l2 = best_epoch["L1 and L2, l1_l2(0.001, 0.001)"]
final_val_original = history_original.history["val_loss"][-1]
final_val_l2 = history_l2_reg.history["val_loss"][-1]
print(f"Validation loss after epoch 20: original {final_val_original:.4f}, "
      f"L2-regularized {final_val_l2:.4f}")

# ---- Part 11: Adding dropout (on the site, a fresh kernel runs it)

# %% 05-fundamentals-of-ml.md, line 1643
import numpy as np

np.random.seed(1337)
layer_output = np.random.random((1000, 200))  # stands for a layer's output on a batch
expected_sum = layer_output.sum()

# At training time: zero out half of the units
train_output = layer_output * np.random.randint(0, high=2, size=layer_output.shape)
# At test time: keep every unit, and scale the output down by the keep rate
test_output = layer_output * 0.5
print(f"Sum without dropout:                        {expected_sum:.1f}")
print(f"Sum at training time, half the units zeroed: {train_output.sum():.1f}")
print(f"Sum at test time, scaled down by 0.5:        {test_output.sum():.1f}")

# %% 05-fundamentals-of-ml.md, line 1664
mask = np.random.randint(0, high=2, size=layer_output.shape)
train_output_scaled = layer_output * mask
train_output_scaled /= 0.5  # scale up, at training time
dropout_sum_ratio = train_output_scaled.sum() / expected_sum
print(f"Sum at training time, dropped then scaled up: {train_output_scaled.sum():.1f}")
print(f"Ratio to the sum without dropout: {dropout_sum_ratio:.4f}")

# %% 05-fundamentals-of-ml.md, line 1681
import keras

keras.utils.set_random_seed(1337)
dropout = keras.layers.Dropout(0.5)
keras_train = keras.ops.convert_to_numpy(dropout(layer_output, training=True))
keras_test = keras.ops.convert_to_numpy(dropout(layer_output, training=False))
print(f"Keras Dropout, training: share of zeros {np.mean(keras_train == 0):.3f}, "
      f"sum ratio {keras_train.sum() / expected_sum:.4f}")
print("Keras Dropout, inference: output equals input:",
      np.allclose(keras_test, layer_output))

# %% 05-fundamentals-of-ml.md, line 1706
from keras import layers
from keras.datasets import imdb

keras.utils.set_random_seed(1337)
(train_data, train_labels), _ = imdb.load_data(num_words=10000)

def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results
train_data = vectorize_sequences(train_data)

model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_original = model.fit(train_data, train_labels,
                             epochs=20, batch_size=512, validation_split=0.4,
                             verbose=0)

# %% 05-fundamentals-of-ml.md, line 1736
model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(16, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=8)
history_dropout = model.fit(
    train_data, train_labels,
    epochs=20, batch_size=512, validation_split=0.4,
    verbose=0)

# %% 05-fundamentals-of-ml.md, line 1754
import matplotlib.pyplot as plt

epochs = range(1, 21)
original_val_loss = history_original.history["val_loss"]
dropout_val_loss = history_dropout.history["val_loss"]
plt.plot(epochs, original_val_loss, "b--", label="Original model")
plt.plot(epochs, dropout_val_loss, "r-", label="Dropout-regularized model")
plt.title("Effect of dropout on validation loss (IMDB)")
plt.xlabel("Epochs")
plt.ylabel("Validation loss")
plt.legend()
plt.show()

best_val_original = min(original_val_loss)
best_epoch_original = int(np.argmin(original_val_loss)) + 1
best_val_dropout = min(dropout_val_loss)
best_epoch_dropout = int(np.argmin(dropout_val_loss)) + 1
print(f"Original: lowest validation loss {best_val_original:.4f} after epoch {best_epoch_original}")
print(f"Dropout:  lowest validation loss {best_val_dropout:.4f} after epoch {best_epoch_dropout}")
