# Generated from docs/chapters/04-classification-and-regression.md by `python -m dlp_build snippets`: edit the chapter, not this file.

# ---- Part 1: 4. Getting started with neural networks: classification and regression (on the site, a fresh kernel runs it)

# %% 04-classification-and-regression.md, line 49
import keras

keras.utils.set_random_seed(1337)

# %% 04-classification-and-regression.md, line 73
from keras.datasets import imdb

(train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)
print(len(train_data), "training reviews,", len(test_data), "test reviews")

# %% 04-classification-and-regression.md, line 87
print(train_data[0][:20])
print("length:", len(train_data[0]), "words; label:", train_labels[0])

# %% 04-classification-and-regression.md, line 94
max([max(sequence) for sequence in train_data])

# %% 04-classification-and-regression.md, line 105
import textwrap

word_index = imdb.get_word_index()
reverse_word_index = dict(
    [(value, key) for (key, value) in word_index.items()])
decoded_review = " ".join(
    [reverse_word_index.get(i - 3, "?") for i in train_data[0]])
print(textwrap.fill(decoded_review, width=100))

# %% 04-classification-and-regression.md, line 137
import numpy as np

def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")  # all zeros
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.  # a 1 at each index present in the review
    return results

x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)
print(x_train.shape)
print(x_train[0][:10])

# %% 04-classification-and-regression.md, line 157
y_train = np.asarray(train_labels).astype("float32")
y_test = np.asarray(test_labels).astype("float32")

# %% 04-classification-and-regression.md, line 193
import matplotlib.pyplot as plt

z = np.linspace(-6, 6, 200)
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3))
left.plot(z, np.maximum(z, 0))
left.set_title("relu(z) = max(z, 0)")
right.plot(z, 1 / (1 + np.exp(-z)))
right.set_title("sigmoid(z) = 1 / (1 + exp(-z))")
for ax in (left, right):
    ax.set_xlabel("z")
    ax.grid(True)
plt.show()

# %% 04-classification-and-regression.md, line 212
from keras import layers

model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])

# %% 04-classification-and-regression.md, line 244
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])

# %% 04-classification-and-regression.md, line 258
x_val = x_train[:10000]
partial_x_train = x_train[10000:]
y_val = y_train[:10000]
partial_y_train = y_train[10000:]

# %% 04-classification-and-regression.md, line 272
history = model.fit(partial_x_train,
                    partial_y_train,
                    epochs=20,
                    batch_size=512,
                    validation_data=(x_val, y_val))

# %% 04-classification-and-regression.md, line 284
history_dict = history.history
print(history_dict.keys())

# %% 04-classification-and-regression.md, line 293
history_dict = history.history
loss_values = history_dict["loss"]
val_loss_values = history_dict["val_loss"]
epochs = range(1, len(loss_values) + 1)
plt.plot(epochs, loss_values, "bo", label="Training loss")   # "bo": blue dots
plt.plot(epochs, val_loss_values, "b", label="Validation loss")  # "b": solid blue line
plt.title("Training and validation loss")
plt.xlabel("Epochs")
plt.ylabel("Loss")
plt.legend()
plt.show()

# %% 04-classification-and-regression.md, line 311
plt.clf()  # clears the figure (needed in a script, harmless in a notebook)
acc = history_dict["accuracy"]
val_acc = history_dict["val_accuracy"]
plt.plot(epochs, acc, "bo", label="Training acc")
plt.plot(epochs, val_acc, "b", label="Validation acc")
plt.title("Training and validation accuracy")
plt.xlabel("Epochs")
plt.ylabel("Accuracy")
plt.legend()
plt.show()

# %% 04-classification-and-regression.md, line 336
imdb_best_epochs = int(np.argmin(val_loss_values)) + 1
print(f"Lowest validation loss {min(val_loss_values):.3f}, after epoch {imdb_best_epochs}")
print(f"Validation loss after epoch 4, the book's choice: {val_loss_values[3]:.3f}")

# %% 04-classification-and-regression.md, line 352
model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=4, batch_size=512)
results = model.evaluate(x_test, y_test)
imdb_test_loss, imdb_test_acc = results
print(f"Test loss {imdb_test_loss:.3f}, test accuracy {imdb_test_acc:.3f}")

# %% 04-classification-and-regression.md, line 377
imdb_predictions = model.predict(x_test)
print(imdb_predictions.shape)
print(imdb_predictions[:10].ravel().round(3))

# ---- Part 2: 4.1.6 Further experiments (on the site, a fresh kernel runs it)

# %% 04-classification-and-regression.md, line 401
import keras
import numpy as np
from keras import layers
from keras.datasets import imdb

keras.utils.set_random_seed(1337)
(train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)

def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results

x_train, x_test = vectorize_sequences(train_data), vectorize_sequences(test_data)
y_train = np.asarray(train_labels).astype("float32")
y_test = np.asarray(test_labels).astype("float32")
x_val, partial_x_train = x_train[:10000], x_train[10000:]
y_val, partial_y_train = y_train[:10000], y_train[10000:]

# %% 04-classification-and-regression.md, line 425
def build_imdb_model(hidden_layers=2, units=16, activation="relu",
                     loss="binary_crossentropy"):
    model = keras.Sequential(
        [layers.Dense(units, activation=activation) for _ in range(hidden_layers)]
        + [layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
    return model

# %% 04-classification-and-regression.md, line 439
variants = {
    "2 x 16 relu, crossentropy (as above)": {},
    "1 intermediate layer": dict(hidden_layers=1),
    "3 intermediate layers": dict(hidden_layers=3),
    "32 units per layer": dict(units=32),
    "64 units per layer": dict(units=64),
    "mse loss": dict(loss="mse"),
    "tanh activation": dict(activation="tanh"),
}
variant_test_acc = {}
print(f"{'variant':<38}{'val acc':>9}{'test acc':>10}")
for name, options in variants.items():
    variant = build_imdb_model(**options)
    variant_history = variant.fit(partial_x_train, partial_y_train, epochs=4, batch_size=512,
                                  validation_data=(x_val, y_val), verbose=0)
    _, variant_test_acc[name] = variant.evaluate(x_test, y_test, verbose=0)
    val_acc_after_4 = variant_history.history["val_accuracy"][-1]
    print(f"{name:<38}{val_acc_after_4:>9.3f}{variant_test_acc[name]:>10.3f}")

# ---- Part 3: 4.2 Classifying newswires: a multiclass classification example (on the site, a fresh kernel runs it)

# %% 04-classification-and-regression.md, line 494
import textwrap

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results

keras.utils.set_random_seed(1337)

# %% 04-classification-and-regression.md, line 522
from keras.datasets import reuters

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=10000)
print(len(train_data), "training newswires,", len(test_data), "test newswires")

# %% 04-classification-and-regression.md, line 531
print(train_data[10])

# %% 04-classification-and-regression.md, line 539
word_index = reuters.get_word_index()
reverse_word_index = dict(
    [(value, key) for (key, value) in word_index.items()])
decoded_newswire = " ".join(
    [reverse_word_index.get(i - 3, "?") for i in train_data[10]])
print(textwrap.fill(decoded_newswire, width=100))

# %% 04-classification-and-regression.md, line 553
topic_names = reuters.get_label_names()
print(train_labels[10], topic_names[train_labels[10]])

# %% 04-classification-and-regression.md, line 567
x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)

# %% 04-classification-and-regression.md, line 578
def to_one_hot(labels, dimension=46):
    results = np.zeros((len(labels), dimension))
    for i, label in enumerate(labels):
        results[i, label] = 1.
    return results

y_train = to_one_hot(train_labels)
y_test = to_one_hot(test_labels)
print(train_labels[:3], y_train[:3].argmax(axis=1), y_train.shape)

# %% 04-classification-and-regression.md, line 594
from keras.utils import to_categorical

y_train = to_categorical(train_labels)
y_test = to_categorical(test_labels)
print(y_train.shape, np.array_equal(y_train, to_one_hot(train_labels)))

# %% 04-classification-and-regression.md, line 612
model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(46, activation="softmax")
])

# %% 04-classification-and-regression.md, line 636
model.compile(optimizer="rmsprop",
              loss="categorical_crossentropy",
              metrics=["accuracy"])

# %% 04-classification-and-regression.md, line 648
x_val = x_train[:1000]
partial_x_train = x_train[1000:]
y_val = y_train[:1000]
partial_y_train = y_train[1000:]

# %% 04-classification-and-regression.md, line 659
history = model.fit(partial_x_train,
                    partial_y_train,
                    epochs=20,
                    batch_size=512,
                    validation_data=(x_val, y_val))

# %% 04-classification-and-regression.md, line 671
loss = history.history["loss"]
val_loss = history.history["val_loss"]
epochs = range(1, len(loss) + 1)
plt.plot(epochs, loss, "bo", label="Training loss")
plt.plot(epochs, val_loss, "b", label="Validation loss")
plt.title("Training and validation loss")
plt.xlabel("Epochs")
plt.ylabel("Loss")
plt.legend()
plt.show()

# %% 04-classification-and-regression.md, line 686
plt.clf()
acc = history.history["accuracy"]
val_acc = history.history["val_accuracy"]
plt.plot(epochs, acc, "bo", label="Training accuracy")
plt.plot(epochs, val_acc, "b", label="Validation accuracy")
plt.title("Training and validation accuracy")
plt.xlabel("Epochs")
plt.ylabel("Accuracy")
plt.legend()
plt.show()

# %% 04-classification-and-regression.md, line 703
reuters_best_epochs = int(np.argmin(val_loss)) + 1
print(f"Lowest validation loss {min(val_loss):.3f}, after epoch {reuters_best_epochs}")
print(f"Validation loss after epoch 9, the book's choice: {val_loss[8]:.3f}")

# %% 04-classification-and-regression.md, line 715
model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(46, activation="softmax")
])
model.compile(optimizer="rmsprop",
              loss="categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x_train,
                    y_train,
                    epochs=9,
                    batch_size=512)
results = model.evaluate(x_test, y_test)
reuters_test_loss, reuters_test_acc = results
print(f"Test loss {reuters_test_loss:.3f}, test accuracy {reuters_test_acc:.3f}")

# %% 04-classification-and-regression.md, line 739
import copy

test_labels_copy = copy.copy(test_labels)
np.random.shuffle(test_labels_copy)
hits_array = np.array(test_labels) == np.array(test_labels_copy)
random_baseline = hits_array.mean()
print(f"Random baseline: {random_baseline:.3f}")

# %% 04-classification-and-regression.md, line 752
train_counts = np.bincount(train_labels)
majority_class = int(train_counts.argmax())
print(f"Most frequent topic: {majority_class} ({topic_names[majority_class]}), "
      f"{train_counts.max()} of {len(train_labels)} training newswires "
      f"({train_counts.max() / len(train_labels):.1%})")
majority_baseline = float(np.mean(test_labels == majority_class))
print(f"Majority baseline on the test set: {majority_baseline:.3f}")

# %% 04-classification-and-regression.md, line 771
reuters_predictions = model.predict(x_test)
print(reuters_predictions.shape)

# %% 04-classification-and-regression.md, line 779
print(reuters_predictions[0].shape)
print(np.sum(reuters_predictions[0]))
print(np.argmax(reuters_predictions[0]), topic_names[np.argmax(reuters_predictions[0])])

# %% 04-classification-and-regression.md, line 789
y_train = np.array(train_labels)
y_test = np.array(test_labels)

# %% 04-classification-and-regression.md, line 800
model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(46, activation="softmax")
])
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=9, batch_size=512)
sparse_test_loss, sparse_test_acc = model.evaluate(x_test, y_test)
print(f"Test accuracy with integer labels: {sparse_test_acc:.3f}")

# %% 04-classification-and-regression.md, line 826
model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(4, activation="relu"),
    layers.Dense(46, activation="softmax")
])
model.compile(optimizer="rmsprop",
              loss="categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(partial_x_train,
                    partial_y_train,
                    epochs=20,
                    batch_size=128,
                    validation_data=(x_val, y_val))

# %% 04-classification-and-regression.md, line 849
y_test_one_hot = to_categorical(test_labels)  # y_test holds integer labels since 4.2.6
_, bottleneck_test_acc = model.evaluate(x_test, y_test_one_hot, verbose=0)
bottleneck_best_val_acc = max(history.history["val_accuracy"])
full_best_val_acc = max(val_acc)              # listing 4.18's 64-unit model
print(f"Best validation accuracy over 20 epochs: 4 units {bottleneck_best_val_acc:.3f}, "
      f"64 units {full_best_val_acc:.3f}")
print(f"Test accuracy: 4 units after 20 epochs {bottleneck_test_acc:.3f}, "
      f"64 units retrained for 9 epochs {reuters_test_acc:.3f}")

# ---- Part 4: 4.3 Predicting house prices: a regression example (on the site, a fresh kernel runs it)

# %% 04-classification-and-regression.md, line 905
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

keras.utils.set_random_seed(1337)

# %% 04-classification-and-regression.md, line 925
from keras.datasets import boston_housing

(train_data, train_targets), (test_data, test_targets) = (
    boston_housing.load_data())
print(train_data.shape, test_data.shape)

# %% 04-classification-and-regression.md, line 935
print(train_targets[:10])

# %% 04-classification-and-regression.md, line 968
mean = train_data.mean(axis=0)
train_data -= mean
std = train_data.std(axis=0)
train_data /= std
test_data -= mean
test_data /= std
print(train_data.mean(axis=0).round(3))
print(train_data.std(axis=0).round(3))

# %% 04-classification-and-regression.md, line 991
def build_model():
    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1)
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"],
                  steps_per_execution=32)
    return model

# %% 04-classification-and-regression.md, line 1050
k = 4
num_val_samples = len(train_data) // k
num_epochs = 100
all_scores = []
for i in range(k):
    print(f"Processing fold #{i}")
    # validation data: partition #i
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    val_targets = train_targets[i * num_val_samples: (i + 1) * num_val_samples]
    # training data: all the other partitions
    partial_train_data = np.concatenate(
        [train_data[:i * num_val_samples],
         train_data[(i + 1) * num_val_samples:]],
        axis=0)
    partial_train_targets = np.concatenate(
        [train_targets[:i * num_val_samples],
         train_targets[(i + 1) * num_val_samples:]],
        axis=0)
    model = build_model()  # a fresh model, already compiled
    model.fit(partial_train_data, partial_train_targets,
              epochs=num_epochs, batch_size=16, verbose=0)
    val_mse, val_mae = model.evaluate(val_data, val_targets, verbose=0)
    all_scores.append(val_mae)
    print(f"  validation MAE: {val_mae:.2f}")

# %% 04-classification-and-regression.md, line 1077
kfold_mean_mae = np.mean(all_scores)
print("Validation MAE per fold:", np.round(all_scores, 2))
print(f"Mean: {kfold_mean_mae:.2f}")

# %% 04-classification-and-regression.md, line 1094
num_epochs = 500
all_mae_histories = []
for i in range(k):
    print(f"Processing fold #{i}")
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    val_targets = train_targets[i * num_val_samples: (i + 1) * num_val_samples]
    partial_train_data = np.concatenate(
        [train_data[:i * num_val_samples],
         train_data[(i + 1) * num_val_samples:]],
        axis=0)
    partial_train_targets = np.concatenate(
        [train_targets[:i * num_val_samples],
         train_targets[(i + 1) * num_val_samples:]],
        axis=0)
    model = build_model()
    history = model.fit(partial_train_data, partial_train_targets,
                        validation_data=(val_data, val_targets),
                        epochs=num_epochs, batch_size=16, verbose=0)
    mae_history = history.history["val_mae"]
    all_mae_histories.append(mae_history)
    print(f"  validation MAE after {num_epochs} epochs: {mae_history[-1]:.2f}, "
          f"lowest {min(mae_history):.2f} (epoch {int(np.argmin(mae_history)) + 1})")

# %% 04-classification-and-regression.md, line 1123
average_mae_history = [
    np.mean([x[i] for x in all_mae_histories]) for i in range(num_epochs)]

# %% 04-classification-and-regression.md, line 1132
plt.plot(range(1, len(average_mae_history) + 1), average_mae_history)
plt.xlabel("Epochs")
plt.ylabel("Validation MAE")
plt.show()

# %% 04-classification-and-regression.md, line 1144
truncated_mae_history = average_mae_history[10:]
plt.plot(range(11, len(average_mae_history) + 1), truncated_mae_history)
plt.xlabel("Epochs")
plt.ylabel("Validation MAE")
plt.show()

# %% 04-classification-and-regression.md, line 1160
boston_best_epoch = int(np.argmin(average_mae_history)) + 1
print(f"Lowest average validation MAE {min(average_mae_history):.2f}, "
      f"at epoch {boston_best_epoch}")
print(f"Average validation MAE at epoch 130, the book's choice: {average_mae_history[129]:.2f}")

# %% 04-classification-and-regression.md, line 1178
model = build_model()  # a fresh, compiled model
history = model.fit(train_data, train_targets,  # on all the training data
                    epochs=130, batch_size=16, verbose=0)
test_mse_score, test_mae_score = model.evaluate(test_data, test_targets)
boston_test_mae = test_mae_score
print(f"Test MAE: {boston_test_mae:.2f}")

# %% 04-classification-and-regression.md, line 1196
boston_predictions = model.predict(test_data)
print(boston_predictions.shape)
print(f"First test house: predicted {boston_predictions[0][0]:.1f}, "
      f"actual {test_targets[0]:.1f} (thousands of dollars)")
