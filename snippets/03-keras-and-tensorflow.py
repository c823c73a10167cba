# Generated from docs/chapters/03-keras-and-tensorflow.md by `python -m dlp_build snippets`: edit the chapter, not this file.

# %% 03-keras-and-tensorflow.md, line 155
import tensorflow as tf
import keras

print("TensorFlow:", tf.__version__)
print("Keras:", keras.__version__)
print("Keras backend:", keras.backend.backend())
print("GPUs visible:", tf.config.list_physical_devices("GPU"))

# %% 03-keras-and-tensorflow.md, line 190
import keras

keras.utils.set_random_seed(1337)

# %% 03-keras-and-tensorflow.md, line 203
import tensorflow as tf

x = tf.ones(shape=(2, 1))
print(x)
x = tf.zeros(shape=(2, 1))
print(x)

# %% 03-keras-and-tensorflow.md, line 217
x = tf.random.normal(shape=(3, 1), mean=0., stddev=1.)
print(x)
x = tf.random.uniform(shape=(3, 1), minval=0., maxval=1.)
print(x)

# %% 03-keras-and-tensorflow.md, line 229
import numpy as np

x = np.ones(shape=(2, 2))
x[0, 0] = 0.
x

# %% 03-keras-and-tensorflow.md, line 242
# This block raises TypeError on purpose.
try:
    x = tf.ones(shape=(2, 2))
    x[0, 0] = 0.
except TypeError as error:
    print(type(error).__name__ + ":", error)

# %% 03-keras-and-tensorflow.md, line 254
v = tf.Variable(initial_value=tf.random.normal(shape=(3, 1)))
print(v)

# %% 03-keras-and-tensorflow.md, line 263
v.assign(tf.ones((3, 1)))

# %% 03-keras-and-tensorflow.md, line 271
v[0, 0].assign(3.)

# %% 03-keras-and-tensorflow.md, line 285
v.assign_add(tf.ones((3, 1)))

# %% 03-keras-and-tensorflow.md, line 295
a = tf.ones((2, 2))
b = tf.square(a)      # element-wise square
c = tf.sqrt(a)        # element-wise square root
d = b + c             # element-wise addition
e = tf.matmul(a, b)   # matrix product (the dot product of chapter 2)
e *= d                # element-wise multiplication
print(e)

# %% 03-keras-and-tensorflow.md, line 317
input_var = tf.Variable(initial_value=3.)
with tf.GradientTape() as tape:
    result = tf.square(input_var)
gradient = tape.gradient(result, input_var)
print(gradient)

# %% 03-keras-and-tensorflow.md, line 334
input_const = tf.constant(3.)
with tf.GradientTape() as tape:
    tape.watch(input_const)
    result = tf.square(input_const)
gradient = tape.gradient(result, input_const)
print(gradient)

# %% 03-keras-and-tensorflow.md, line 350
time = tf.Variable(0.)
with tf.GradientTape() as outer_tape:
    with tf.GradientTape() as inner_tape:
        position = 4.9 * time ** 2
    speed = inner_tape.gradient(position, time)
acceleration = outer_tape.gradient(speed, time)
print(acceleration)

# %% 03-keras-and-tensorflow.md, line 375
import numpy as np

num_samples_per_class = 1000
negative_samples = np.random.multivariate_normal(
    mean=[0, 3],
    cov=[[1, 0.5], [0.5, 1]],
    size=num_samples_per_class)
positive_samples = np.random.multivariate_normal(
    mean=[3, 0],
    cov=[[1, 0.5], [0.5, 1]],
    size=num_samples_per_class)
print(negative_samples.shape, positive_samples.shape)

# %% 03-keras-and-tensorflow.md, line 394
inputs = np.vstack((negative_samples, positive_samples)).astype(np.float32)

# %% 03-keras-and-tensorflow.md, line 402
targets = np.vstack((np.zeros((num_samples_per_class, 1), dtype="float32"),
                     np.ones((num_samples_per_class, 1), dtype="float32")))

# %% 03-keras-and-tensorflow.md, line 411
import matplotlib.pyplot as plt

points = plt.scatter(inputs[:, 0], inputs[:, 1], c=targets[:, 0])
plt.legend(points.legend_elements()[0], ["class 0 (target 0)", "class 1 (target 1)"],
           loc="upper left", bbox_to_anchor=(1.02, 1))  # beside the plot
plt.title("The two classes of points (targets)")
plt.xlabel("first coordinate")
plt.ylabel("second coordinate")
plt.tight_layout()
plt.show()

# %% 03-keras-and-tensorflow.md, line 440
input_dim = 2     # each input is a 2D point
output_dim = 1    # each prediction is one score, trained toward 0 or toward 1
W = tf.Variable(initial_value=tf.random.uniform(shape=(input_dim, output_dim)))
b = tf.Variable(initial_value=tf.zeros(shape=(output_dim,)))

# %% 03-keras-and-tensorflow.md, line 451
def model(inputs):
    return tf.matmul(inputs, W) + b

# %% 03-keras-and-tensorflow.md, line 463
def square_loss(targets, predictions):
    per_sample_losses = tf.square(targets - predictions)  # same shape as targets
    return tf.reduce_mean(per_sample_losses)              # one scalar loss value

# %% 03-keras-and-tensorflow.md, line 474
learning_rate = 0.1

def training_step(inputs, targets):
    with tf.GradientTape() as tape:
        predictions = model(inputs)
        loss = square_loss(targets, predictions)
    grad_loss_wrt_W, grad_loss_wrt_b = tape.gradient(loss, [W, b])
    W.assign_sub(grad_loss_wrt_W * learning_rate)
    b.assign_sub(grad_loss_wrt_b * learning_rate)
    return loss

# %% 03-keras-and-tensorflow.md, line 498
for step in range(40):
    loss = training_step(inputs, targets)
    print(f"Loss at step {step}: {loss:.4f}")

# %% 03-keras-and-tensorflow.md, line 508
predictions = model(inputs)
points = plt.scatter(inputs[:, 0], inputs[:, 1], c=predictions[:, 0] > 0.5)
plt.legend(points.legend_elements()[0], ["predicted class 0", "predicted class 1"],
           loc="upper left", bbox_to_anchor=(1.02, 1))  # beside the plot
plt.title("The points, colored by predicted class")
plt.xlabel("first coordinate")
plt.ylabel("second coordinate")
plt.tight_layout()
plt.show()
correct = (predictions[:, 0] > 0.5) == (targets[:, 0] == 1)
accuracy = float(np.mean(correct))
misclassified = int(np.sum(~correct))
print(f"Training accuracy: {accuracy:.3f}")
print(f"Points on the wrong side: {misclassified} of {len(inputs)}")

# %% 03-keras-and-tensorflow.md, line 534
x = np.linspace(-1, 4, 100)
y = - W[0] / W[1] * x + (0.5 - b) / W[1]
plt.plot(x, y, "-r", label="the border: prediction = 0.5")
points = plt.scatter(inputs[:, 0], inputs[:, 1], c=predictions[:, 0] > 0.5)
plt.legend([plt.gca().lines[0], *points.legend_elements()[0]],
           ["the border: prediction = 0.5", "predicted class 0", "predicted class 1"],
           loc="upper left", bbox_to_anchor=(1.02, 1))  # beside the plot
plt.title("The linear classifier's border")
plt.xlabel("first coordinate")
plt.ylabel("second coordinate")
plt.tight_layout()
plt.show()

# %% 03-keras-and-tensorflow.md, line 584
import keras
import tensorflow as tf

class SimpleDense(keras.layers.Layer):

    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)  # a function, a name, or None

    def build(self, input_shape):  # weights are created here, once the input shape is known
        input_dim = input_shape[-1]
        self.W = self.add_weight(shape=(input_dim, self.units),
                                 initializer="random_normal")
        self.b = self.add_weight(shape=(self.units,),
                                 initializer="zeros")

    def call(self, inputs):  # the forward pass
        y = tf.matmul(inputs, self.W) + self.b
        y = self.activation(y)
        return y

# %% 03-keras-and-tensorflow.md, line 611
my_dense = SimpleDense(units=32, activation=tf.nn.relu)
input_tensor = tf.ones(shape=(2, 784))
output_tensor = my_dense(input_tensor)
print(output_tensor.shape)

# %% 03-keras-and-tensorflow.md, line 638
from keras import layers

layer = layers.Dense(32, activation="relu")

# %% 03-keras-and-tensorflow.md, line 647
from keras import models
from keras import layers

model = models.Sequential([
    layers.Dense(32, activation="relu"),
    layers.Dense(32),
])

# %% 03-keras-and-tensorflow.md, line 689
model = keras.Sequential([
    SimpleDense(32, activation="relu"),
    SimpleDense(64, activation="relu"),
    SimpleDense(32, activation="relu"),
    SimpleDense(10, activation="softmax"),
])

# %% 03-keras-and-tensorflow.md, line 701
predictions = model(tf.ones(shape=(10, 784)))
print(predictions.shape)
print([tuple(w.shape) for w in model.layers[0].weights])

# %% 03-keras-and-tensorflow.md, line 753
model = keras.Sequential([keras.layers.Dense(1)])  # a linear classifier
model.compile(optimizer="rmsprop",
              loss="mean_squared_error",
              metrics=["accuracy"])

# %% 03-keras-and-tensorflow.md, line 763
model.compile(optimizer=keras.optimizers.RMSprop(),
              loss=keras.losses.MeanSquaredError(),
              metrics=[keras.metrics.BinaryAccuracy()])

# %% 03-keras-and-tensorflow.md, line 775
from keras import ops

def my_custom_loss(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)

def my_custom_metric_1(y_true, y_pred):  # mean absolute error
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)

def my_custom_metric_2(y_true, y_pred):  # per sample, its largest error over its outputs
    return ops.max(ops.abs(y_true - y_pred), axis=-1)

model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-4),
              loss=my_custom_loss,
              metrics=[my_custom_metric_1, my_custom_metric_2])

# %% 03-keras-and-tensorflow.md, line 840
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.RMSprop(),  # default learning rate: 0.001
              loss=keras.losses.MeanSquaredError(),
              metrics=[keras.metrics.BinaryAccuracy()])

history = model.fit(
    inputs,
    targets,
    epochs=5,
    batch_size=128,
)

# %% 03-keras-and-tensorflow.md, line 863
history.history

# %% 03-keras-and-tensorflow.md, line 903
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.1),
              loss=keras.losses.MeanSquaredError(),
              metrics=[keras.metrics.BinaryAccuracy()])

indices_permutation = np.random.permutation(len(inputs))
shuffled_inputs = inputs[indices_permutation]
shuffled_targets = targets[indices_permutation]

num_validation_samples = int(0.3 * len(inputs))    # hold out 30% for validation
val_inputs = shuffled_inputs[:num_validation_samples]
val_targets = shuffled_targets[:num_validation_samples]
training_inputs = shuffled_inputs[num_validation_samples:]
training_targets = shuffled_targets[num_validation_samples:]
history = model.fit(
    training_inputs,        # training data: updates the weights
    training_targets,
    epochs=5,
    batch_size=16,
    validation_data=(val_inputs, val_targets),  # only monitored
)

# %% 03-keras-and-tensorflow.md, line 947
train_loss, train_accuracy = model.evaluate(
    training_inputs, training_targets, batch_size=128, verbose=0)
print(f"last epoch's log, averaged over its batches: "
      f"binary accuracy {history.history['binary_accuracy'][-1]:.4f}")
print(f"training data, final weights:               binary accuracy {train_accuracy:.4f}")
print(f"validation data, final weights:             "
      f"binary accuracy {history.history['val_binary_accuracy'][-1]:.4f}")

# %% 03-keras-and-tensorflow.md, line 969
loss_and_metrics = model.evaluate(val_inputs, val_targets, batch_size=128)
print(loss_and_metrics)

# %% 03-keras-and-tensorflow.md, line 981
new_inputs = val_inputs[:5]
predictions = model(new_inputs)
print(predictions)

# %% 03-keras-and-tensorflow.md, line 1000
predictions = model.predict(val_inputs, batch_size=128)
print(predictions.shape)
print(predictions[:10])
print(f"scores from {predictions.min():.2f} to {predictions.max():.2f}")
