# Generated from docs/chapters/07-working-with-keras.md by `python -m dlp_build snippets`: edit the chapter, not this file.

# ---- Part 1: 7. Working with Keras: a deep dive (on the site, a fresh kernel runs it)

# %% 07-working-with-keras.md, line 48
import keras
from keras import layers

keras.utils.set_random_seed(1337)

# %% 07-working-with-keras.md, line 67
model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax")
])

# %% 07-working-with-keras.md, line 79
model = keras.Sequential()
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(10, activation="softmax"))

# %% 07-working-with-keras.md, line 91
model.weights

# %% 07-working-with-keras.md, line 106
model.build(input_shape=(None, 3))  # samples of shape (3,); None: any batch size
[(weight.path, tuple(weight.shape)) for weight in model.weights]

# %% 07-working-with-keras.md, line 125
model.summary()

# %% 07-working-with-keras.md, line 135
model = keras.Sequential(name="my_example_model")
model.add(layers.Dense(64, activation="relu", name="my_first_layer"))
model.add(layers.Dense(10, activation="softmax", name="my_last_layer"))
model.build((None, 3))
model.summary()

# %% 07-working-with-keras.md, line 146
print(model.count_params())

# %% 07-working-with-keras.md, line 162
model = keras.Sequential()
model.add(keras.Input(shape=(3,)))
model.add(layers.Dense(64, activation="relu"))

# %% 07-working-with-keras.md, line 172
model.summary()
model.add(layers.Dense(10, activation="softmax"))
model.summary()

# %% 07-working-with-keras.md, line 194
inputs = keras.Input(shape=(3,), name="my_input")
features = layers.Dense(64, activation="relu")(inputs)
outputs = layers.Dense(10, activation="softmax")(features)
model = keras.Model(inputs=inputs, outputs=outputs)

# %% 07-working-with-keras.md, line 206
print(inputs.shape)
print(inputs.dtype)

# %% 07-working-with-keras.md, line 219
print(features.shape)

# %% 07-working-with-keras.md, line 228
model.summary()

# %% 07-working-with-keras.md, line 258
vocabulary_size = 10000
num_tags = 100
num_departments = 4

title = keras.Input(shape=(vocabulary_size,), name="title")         # the model's
text_body = keras.Input(shape=(vocabulary_size,), name="text_body") # three inputs
tags = keras.Input(shape=(num_tags,), name="tags")

features = layers.Concatenate()([title, text_body, tags])  # one long feature vector
features = layers.Dense(64, activation="relu")(features)   # mixes the features

priority = layers.Dense(1, activation="sigmoid", name="priority")(features)   # the model's
department = layers.Dense(                                                    # two outputs
    num_departments, activation="softmax", name="department")(features)

model = keras.Model(inputs=[title, text_body, tags], outputs=[priority, department])

# %% 07-working-with-keras.md, line 290
import numpy as np

num_samples = 1280

title_data = np.random.randint(0, 2, size=(num_samples, vocabulary_size))     # dummy
text_body_data = np.random.randint(0, 2, size=(num_samples, vocabulary_size)) # input
tags_data = np.random.randint(0, 2, size=(num_samples, num_tags))             # data

priority_data = np.random.random(size=(num_samples, 1))                        # dummy target
department_data = np.random.randint(0, 2, size=(num_samples, num_departments)) # data

model.compile(optimizer="rmsprop",
              loss=["mean_squared_error", "categorical_crossentropy"],
              metrics=[["mean_absolute_error"], ["accuracy"]])
model.fit([title_data, text_body_data, tags_data],
          [priority_data, department_data],
          epochs=1)
model.evaluate([title_data, text_body_data, tags_data],
               [priority_data, department_data])
priority_preds, department_preds = model.predict(
    [title_data, text_body_data, tags_data])

# %% 07-working-with-keras.md, line 322
print(priority_preds.shape, department_preds.shape)

# %% 07-working-with-keras.md, line 331
model.compile(optimizer="rmsprop",
              loss={"priority": "mean_squared_error",
                    "department": "categorical_crossentropy"},
              metrics={"priority": ["mean_absolute_error"],
                       "department": ["accuracy"]})
model.fit({"title": title_data, "text_body": text_body_data, "tags": tags_data},
          {"priority": priority_data, "department": department_data},
          epochs=1)
model.evaluate({"title": title_data, "text_body": text_body_data, "tags": tags_data},
               {"priority": priority_data, "department": department_data})
priority_preds, department_preds = model.predict(
    {"title": title_data, "text_body": text_body_data, "tags": tags_data})

# %% 07-working-with-keras.md, line 357
keras.utils.plot_model(model, "ticket_classifier.png", show_layer_names=True)

# %% 07-working-with-keras.md, line 366
keras.utils.plot_model(
    model, "ticket_classifier_with_shape_info.png", show_shapes=True, show_layer_names=True)

# %% 07-working-with-keras.md, line 384
print(model.layers)
print(model.layers[3].input)
print(model.layers[3].output)

# %% 07-working-with-keras.md, line 407
features = model.layers[4].output
difficulty = layers.Dense(3, activation="softmax", name="difficulty")(features)

new_model = keras.Model(
    inputs=[title, text_body, tags],
    outputs=[priority, department, difficulty])

# %% 07-working-with-keras.md, line 420
keras.utils.plot_model(
    new_model, "updated_ticket_classifier.png", show_shapes=True, show_layer_names=True)

# %% 07-working-with-keras.md, line 440
class CustomerTicketModel(keras.Model):

    def __init__(self, num_departments):
        super().__init__()  # never forget to call the parent constructor
        self.concat_layer = layers.Concatenate()  # the sublayers,
        self.mixing_layer = layers.Dense(64, activation="relu")  # created once
        self.priority_scorer = layers.Dense(1, activation="sigmoid")
        self.department_classifier = layers.Dense(
            num_departments, activation="softmax")

    def call(self, inputs):  # the forward pass
        title = inputs["title"]
        text_body = inputs["text_body"]
        tags = inputs["tags"]

        features = self.concat_layer([title, text_body, tags])
        features = self.mixing_layer(features)

        priority = self.priority_scorer(features)
        department = self.department_classifier(features)
        return priority, department

model = CustomerTicketModel(num_departments=4)

priority, department = model(
    {"title": title_data, "text_body": text_body_data, "tags": tags_data})

# %% 07-working-with-keras.md, line 472
print(priority.shape, department.shape)

# %% 07-working-with-keras.md, line 486
model.compile(optimizer="rmsprop",
              loss=["mean_squared_error", "categorical_crossentropy"],
              metrics=[["mean_absolute_error"], ["accuracy"]])
model.fit({"title": title_data,
           "text_body": text_body_data,
           "tags": tags_data},
          [priority_data, department_data],
          epochs=1)
model.evaluate({"title": title_data,
                "text_body": text_body_data,
                "tags": tags_data},
               [priority_data, department_data])
priority_preds, department_preds = model.predict({"title": title_data,
                                                  "text_body": text_body_data,
                                                  "tags": tags_data})

# %% 07-working-with-keras.md, line 526
model.summary()

# %% 07-working-with-keras.md, line 541
class Classifier(keras.Model):

    def __init__(self, num_classes=2):
        super().__init__()
        if num_classes == 2:
            num_units = 1
            activation = "sigmoid"
        else:
            num_units = num_classes
            activation = "softmax"
        self.dense = layers.Dense(num_units, activation=activation)

    def call(self, inputs):
        return self.dense(inputs)

inputs = keras.Input(shape=(3,))
features = layers.Dense(64, activation="relu")(inputs)
outputs = Classifier(num_classes=10)(features)
model = keras.Model(inputs=inputs, outputs=outputs)

# %% 07-working-with-keras.md, line 566
print(model.output.shape)

# %% 07-working-with-keras.md, line 574
inputs = keras.Input(shape=(64,))
outputs = layers.Dense(1, activation="sigmoid")(inputs)
binary_classifier = keras.Model(inputs=inputs, outputs=outputs)

class MyModel(keras.Model):

    def __init__(self, num_classes=2):
        super().__init__()
        self.dense = layers.Dense(64, activation="relu")
        self.classifier = binary_classifier

    def call(self, inputs):
        features = self.dense(inputs)
        return self.classifier(features)

model = MyModel()

# %% 07-working-with-keras.md, line 597
print(model(np.ones((2, 3))).shape)

# ---- Part 2: 7.3 Using built-in training and evaluation loops (on the site, a fresh kernel runs it)

# %% 07-working-with-keras.md, line 624
import keras
from keras import layers
from keras.datasets import mnist

keras.utils.set_random_seed(1337)

def get_mnist_model():  # a function, to get a fresh model each time we need one
    inputs = keras.Input(shape=(28 * 28,))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)
    outputs = layers.Dense(10, activation="softmax")(features)
    model = keras.Model(inputs, outputs)
    return model

# Load the data, and keep 10,000 training images apart for validation.
(images, labels), (test_images, test_labels) = mnist.load_data()
images = images.reshape((60000, 28 * 28)).astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28)).astype("float32") / 255
train_images, val_images = images[10000:], images[:10000]
train_labels, val_labels = labels[10000:], labels[:10000]

model = get_mnist_model()
model.compile(optimizer="rmsprop",  # the optimizer, the loss to minimize, the metrics to watch
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=32)  # not in the book: see the tip below
model.fit(train_images, train_labels,  # train, watching the model on images it never trains on
          epochs=3,
          validation_data=(val_images, val_labels))
test_metrics = model.evaluate(test_images, test_labels)  # loss and metrics on new data
predictions = model.predict(test_images)  # class probabilities for new data
print(test_metrics)
print(predictions.shape)

# %% 07-working-with-keras.md, line 697
import tensorflow as tf

class RootMeanSquaredError(keras.metrics.Metric):

    def __init__(self, name="rmse", **kwargs):  # the state variables, created
        super().__init__(name=name, **kwargs)   # with add_weight() as in a layer
        self.mse_sum = self.add_weight(name="mse_sum", initializer="zeros")
        self.total_samples = self.add_weight(
            name="total_samples", initializer="zeros", dtype="int32")

    def update_state(self, y_true, y_pred, sample_weight=None):
        # integer labels, as for our MNIST model: one-hot encode them
        y_true = tf.one_hot(y_true, depth=tf.shape(y_pred)[1])
        mse = tf.reduce_sum(tf.square(y_true - y_pred))
        self.mse_sum.assign_add(mse)
        num_samples = tf.shape(y_pred)[0]
        self.total_samples.assign_add(num_samples)

    def result(self):  # the current value of the metric
        return tf.sqrt(self.mse_sum / tf.cast(self.total_samples, tf.float32))

    def reset_state(self):  # back to the initial state
        self.mse_sum.assign(0.)
        self.total_samples.assign(0)

# %% 07-working-with-keras.md, line 742
model = get_mnist_model()
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy", RootMeanSquaredError()],
              steps_per_execution=32)
model.fit(train_images, train_labels,
          epochs=3,
          validation_data=(val_images, val_labels))
test_metrics = model.evaluate(test_images, test_labels)

# %% 07-working-with-keras.md, line 758
import numpy as np

rmse_from_keras = model.evaluate(test_images, test_labels, return_dict=True, verbose=0)["rmse"]
test_predictions = model.predict(test_images, verbose=0)
one_hot_test_labels = np.eye(10)[test_labels]
rmse_from_numpy = np.sqrt(
    np.sum((one_hot_test_labels - test_predictions) ** 2) / len(test_labels))
rmse_matches = bool(np.isclose(rmse_from_keras, rmse_from_numpy, rtol=1e-4))
print(f"Keras: {rmse_from_keras:.6f}  NumPy: {rmse_from_numpy:.6f}  match: {rmse_matches}")

# %% 07-working-with-keras.md, line 810
callbacks_list = [                   # a list: fit() takes any number of callbacks
    keras.callbacks.EarlyStopping(
        monitor="val_accuracy",      # watch the validation accuracy, and stop when
        patience=2,                  # it has not improved for two epochs in a row
    ),
    keras.callbacks.ModelCheckpoint(
        filepath="checkpoint_path.keras",  # where to save the model
        monitor="val_loss",           # replace the file only when val_loss improved:
        save_best_only=True,          # the file holds the best model of the run
    )
]
model = get_mnist_model()
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],   # the callback watches val_accuracy, so monitor it
              steps_per_execution=32)
history = model.fit(train_images, train_labels,
                    epochs=10,
                    callbacks=callbacks_list,
                    validation_data=(val_images, val_labels))  # needed by both callbacks

# %% 07-working-with-keras.md, line 839
model = keras.models.load_model("checkpoint_path.keras")

# %% 07-working-with-keras.md, line 847
epochs_run = len(history.history["val_loss"])
stopped_early = epochs_run < 10
best_val_loss = min(history.history["val_loss"])
reloaded_val_loss = model.evaluate(val_images, val_labels, verbose=0)[0]
checkpoint_matches = bool(np.isclose(reloaded_val_loss, best_val_loss, rtol=1e-4))
print(f"Epochs run: {epochs_run} of 10; stopped early: {stopped_early}")
print(f"Best validation loss during training: {best_val_loss:.5f}")
print(f"Validation loss of the reloaded model: {reloaded_val_loss:.5f}")
print("The reloaded model is the best checkpoint:", checkpoint_matches)

# %% 07-working-with-keras.md, line 894
from matplotlib import pyplot as plt

class LossHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs):
        self.per_batch_losses = []

    def on_batch_end(self, batch, logs):
        self.per_batch_losses.append(logs.get("loss"))

    def on_epoch_end(self, epoch, logs):
        plt.clf()
        plt.plot(range(len(self.per_batch_losses)), self.per_batch_losses,
                 label="Training loss for each batch")
        plt.xlabel(f"Batch (epoch {epoch})")
        plt.ylabel("Loss")
        plt.legend()
        plt.savefig(f"plot_at_epoch_{epoch}")
        self.per_batch_losses = []

# %% 07-working-with-keras.md, line 921
model = get_mnist_model()
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(train_images, train_labels,
                    epochs=10,
                    callbacks=[LossHistory()],
                    validation_data=(val_images, val_labels))

# %% 07-working-with-keras.md, line 936
from pathlib import Path

plot_files = sorted(Path(".").glob("plot_at_epoch_*.png"),
                    key=lambda path: int(path.stem.rsplit("_", 1)[1]))
print([path.name for path in plot_files])

fig, axes = plt.subplots(2, 5, figsize=(15, 5.5))
for ax, path in zip(axes.flat, plot_files):
    ax.imshow(plt.imread(path))
    ax.set_title(path.name)
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% 07-working-with-keras.md, line 978
model = get_mnist_model()
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"],
              steps_per_execution=32)

tensorboard = keras.callbacks.TensorBoard(
    log_dir="tensorboard_logs",  # the book: "/full_path_to_your_log_dir"
)
history = model.fit(train_images, train_labels,
                    epochs=10,
                    validation_data=(val_images, val_labels),
                    callbacks=[tensorboard])

# %% 07-working-with-keras.md, line 997
import os

tensorboard_event_files = 0
for folder, _, files in sorted(os.walk("tensorboard_logs")):
    for file in sorted(files):
        size = os.path.getsize(os.path.join(folder, file))
        print(f"{os.path.join(folder, file)}  ({size:,} bytes)")
        tensorboard_event_files += file.startswith("events.out.tfevents")

# ---- Part 3: 7.4 Writing your own training and evaluation loops (on the site, a fresh kernel runs it)

# %% 07-working-with-keras.md, line 1055
import keras
import numpy as np
import tensorflow as tf
from keras import layers
from keras.datasets import mnist

keras.utils.set_random_seed(1337)

def get_mnist_model():
    inputs = keras.Input(shape=(28 * 28,))
    features = layers.Dense(512, activation="relu")(inputs)
    features = layers.Dropout(0.5)(features)
    outputs = layers.Dense(10, activation="softmax")(features)
    model = keras.Model(inputs, outputs)
    return model

(images, labels), (test_images, test_labels) = mnist.load_data()
images = images.reshape((60000, 28 * 28)).astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28)).astype("float32") / 255
train_images, val_images = images[10000:], images[:10000]
train_labels, val_labels = labels[10000:], labels[:10000]

# %% 07-working-with-keras.md, line 1131
metric = keras.metrics.SparseCategoricalAccuracy()
targets = [0, 1, 2]
predictions = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
metric.update_state(targets, predictions)
current_result = metric.result()
print(f"result: {current_result:.2f}")

# %% 07-working-with-keras.md, line 1145
values = [0, 1, 2, 3, 4]
mean_tracker = keras.metrics.Mean()
for value in values:
    mean_tracker.update_state(value)
print(f"Mean of values: {mean_tracker.result():.2f}")

# %% 07-working-with-keras.md, line 1166
model = get_mnist_model()

loss_fn = keras.losses.SparseCategoricalCrossentropy()  # the loss function,
optimizer = keras.optimizers.RMSprop()                  # the optimizer,
metrics = [keras.metrics.SparseCategoricalAccuracy()]   # the metrics to monitor,
loss_tracking_metric = keras.metrics.Mean()             # and the average of the loss

def train_step(inputs, targets):
    with tf.GradientTape() as tape:
        predictions = model(inputs, training=True)   # forward pass: training=True
        loss = loss_fn(targets, predictions)
    gradients = tape.gradient(loss, model.trainable_weights)  # backward pass:
    optimizer.apply_gradients(zip(gradients, model.trainable_weights))  # trainable weights

    logs = {}
    for metric in metrics:                   # update the metrics
        metric.update_state(targets, predictions)
        logs[metric.name] = metric.result()

    loss_tracking_metric.update_state(loss)  # and the loss average
    logs["loss"] = loss_tracking_metric.result()
    return logs                              # the current values, for logging

# %% 07-working-with-keras.md, line 1196
def reset_metrics():
    for metric in metrics:
        metric.reset_state()
    loss_tracking_metric.reset_state()

# %% 07-working-with-keras.md, line 1209
training_dataset = tf.data.Dataset.from_tensor_slices(
    (train_images, train_labels))
training_dataset = training_dataset.batch(32)
epochs = 3
for epoch in range(epochs):
    reset_metrics()
    for inputs_batch, targets_batch in training_dataset:
        logs = train_step(inputs_batch, targets_batch)
    print(f"Results at the end of epoch {epoch}")
    for key, value in logs.items():
        print(f"...{key}: {value:.4f}")

# %% 07-working-with-keras.md, line 1233
import time

def test_step(inputs, targets):
    predictions = model(inputs, training=False)  # training=False: no dropout
    loss = loss_fn(targets, predictions)

    logs = {}
    for metric in metrics:
        metric.update_state(targets, predictions)
        logs["val_" + metric.name] = metric.result()

    loss_tracking_metric.update_state(loss)
    logs["val_loss"] = loss_tracking_metric.result()
    return logs

val_dataset = tf.data.Dataset.from_tensor_slices((val_images, val_labels))
val_dataset = val_dataset.batch(32)
reset_metrics()
began = time.perf_counter()  # not in the book: timing the loop
for inputs_batch, targets_batch in val_dataset:
    logs = test_step(inputs_batch, targets_batch)
eager_seconds = time.perf_counter() - began
print("Evaluation results:")
for key, value in logs.items():
    print(f"...{key}: {value:.4f}")
print(f"Eager evaluation loop: {eager_seconds:.2f} s")
eager_logs = {key: float(value) for key, value in logs.items()}

# %% 07-working-with-keras.md, line 1278
@tf.function  # the only line that changed
def test_step(inputs, targets):
    predictions = model(inputs, training=False)
    loss = loss_fn(targets, predictions)

    logs = {}
    for metric in metrics:
        metric.update_state(targets, predictions)
        logs["val_" + metric.name] = metric.result()

    loss_tracking_metric.update_state(loss)
    logs["val_loss"] = loss_tracking_metric.result()
    return logs

val_dataset = tf.data.Dataset.from_tensor_slices((val_images, val_labels))
val_dataset = val_dataset.batch(32)
reset_metrics()
began = time.perf_counter()  # not in the book: timing the loop
for inputs_batch, targets_batch in val_dataset:
    logs = test_step(inputs_batch, targets_batch)
compiled_seconds = time.perf_counter() - began
print("Evaluation results:")
for key, value in logs.items():
    print(f"...{key}: {value:.4f}")
print(f"Compiled evaluation loop: {compiled_seconds:.2f} s")

# %% 07-working-with-keras.md, line 1311
speedup = eager_seconds / compiled_seconds
same_results = all(np.isclose(eager_logs[key], float(logs[key]), rtol=1e-5) for key in eager_logs)
print(f"Eager {eager_seconds:.2f} s, compiled {compiled_seconds:.2f} s: "
      f"{speedup:.1f} times faster with @tf.function")
print("Same results:", same_results)

# %% 07-working-with-keras.md, line 1339
loss_fn = keras.losses.SparseCategoricalCrossentropy()
loss_tracker = keras.metrics.Mean(name="loss")  # the average of the per-batch losses

class CustomModel(keras.Model):
    def train_step(self, data):  # fit() calls this for each batch
        inputs, targets = data
        with tf.GradientTape() as tape:
            predictions = self(inputs, training=True)  # self: the model is this object
            loss = loss_fn(targets, predictions)
        gradients = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights))

        loss_tracker.update_state(loss)
        return {"loss": loss_tracker.result()}  # the average loss so far

    @property
    def metrics(self):  # the metrics fit() resets at the start of each epoch
        return [loss_tracker]

# %% 07-working-with-keras.md, line 1367
inputs = keras.Input(shape=(28 * 28,))
features = layers.Dense(512, activation="relu")(inputs)
features = layers.Dropout(0.5)(features)
outputs = layers.Dense(10, activation="softmax")(features)
model = CustomModel(inputs, outputs)

model.compile(optimizer=keras.optimizers.RMSprop(), steps_per_execution=32)
custom_history = model.fit(train_images, train_labels, epochs=3)

# %% 07-working-with-keras.md, line 1391
class CustomModel(keras.Model):
    def train_step(self, data):
        inputs, targets = data
        with tf.GradientTape() as tape:
            predictions = self(inputs, training=True)
            loss = self.compute_loss(x=inputs, y=targets, y_pred=predictions)  # the compiled loss
        gradients = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_weights))
        for metric in self.metrics:      # the loss tracker, then the compiled metrics
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(targets, predictions)
        return {m.name: m.result() for m in self.metrics}  # names -> current values

# %% 07-working-with-keras.md, line 1434
inputs = keras.Input(shape=(28 * 28,))
features = layers.Dense(512, activation="relu")(inputs)
features = layers.Dropout(0.5)(features)
outputs = layers.Dense(10, activation="softmax")(features)
model = CustomModel(inputs, outputs)

model.compile(optimizer=keras.optimizers.RMSprop(),
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=[keras.metrics.SparseCategoricalAccuracy()],
              steps_per_execution=32)
history = model.fit(train_images, train_labels, epochs=3)

# %% 07-working-with-keras.md, line 1452
print("Listing 7.26 model, loss per epoch:", [round(v, 4) for v in custom_history.history["loss"]])
print("compile() loss model, loss per epoch:", [round(v, 4) for v in history.history["loss"]])
print("compile() loss model, accuracy per epoch:",
      [round(v, 4) for v in history.history["sparse_categorical_accuracy"]])
custom_loss_decreases = custom_history.history["loss"][-1] < custom_history.history["loss"][0]
compiled_loss_decreases = history.history["loss"][-1] < history.history["loss"][0]
print("Reported losses fall:", custom_loss_decreases, compiled_loss_decreases)
