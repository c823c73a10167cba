# Generated from docs/chapters/06-universal-workflow.md by `python -m dlp_build snippets`: edit the chapter, not this file.

# %% 06-universal-workflow.md, line 42
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(1337)

# %% 06-universal-workflow.md, line 205
from keras.datasets import boston_housing

(train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
print("training data:", train_data.shape, " test data:", test_data.shape)
print("missing values:", int(np.isnan(train_data).sum()), "(training),",
      int(np.isnan(test_data).sum()), "(test)")

feature_names = ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE",
                 "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"]
for name, column in zip(feature_names, train_data.T):
    print(f"{name:>8}: from {column.min():8.3f} to {column.max():8.3f}, "
          f"{len(np.unique(column)):3d} distinct values")

# %% 06-universal-workflow.md, line 232
import matplotlib.pyplot as plt

plt.hist(train_targets, bins=45)
plt.title("Median home value of each training tract")
plt.xlabel("Thousands of dollars")
plt.ylabel("Number of tracts")
plt.show()
capped_targets = int(np.sum(train_targets == train_targets.max()))
print("highest value:", train_targets.max(), "shared by", capped_targets, "tracts")

# %% 06-universal-workflow.md, line 302
mean = train_data.mean(axis=0)
std = train_data.std(axis=0)
x_train = (train_data - mean) / std
x_test = (test_data - mean) / std
print("training means:", x_train.mean(axis=0).round(2))
print("training stds: ", x_train.std(axis=0).round(2))

# %% 06-universal-workflow.md, line 338
num_val_samples = 100
x_val = x_train[:num_val_samples]
y_val = train_targets[:num_val_samples]
partial_x_train = x_train[num_val_samples:]
partial_y_train = train_targets[num_val_samples:]
print(partial_x_train.shape, x_val.shape)

# %% 06-universal-workflow.md, line 384
baseline_price = partial_y_train.mean()
baseline_val_mae = float(np.mean(np.abs(y_val - baseline_price)))
print(f"Baseline, always predict {baseline_price:.2f}: validation MAE {baseline_val_mae:.2f}")

def with_bias(x):
    return np.hstack([x, np.ones((len(x), 1))])  # a column of ones for the intercept

linear_weights, *_ = np.linalg.lstsq(with_bias(partial_x_train), partial_y_train, rcond=None)
linear_val_mae = float(np.mean(np.abs(with_bias(x_val) @ linear_weights - y_val)))
print(f"Linear least-squares model:       validation MAE {linear_val_mae:.2f}")

# %% 06-universal-workflow.md, line 403
keras.utils.set_random_seed(1337)
small_model = keras.Sequential([
    layers.Dense(32, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1)
])
small_model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"], steps_per_execution=8)
small_history = small_model.fit(partial_x_train, partial_y_train, epochs=30, batch_size=16,
                                validation_data=(x_val, y_val), verbose=0)
small_val_mae = small_history.history["val_mae"][-1]
print(f"Small model after 30 epochs:      validation MAE {small_val_mae:.2f}")
beats_baseline = small_val_mae < baseline_val_mae
beats_linear = small_val_mae < linear_val_mae
print("Beats the average price:", beats_baseline, "  beats the linear model:", beats_linear)

# %% 06-universal-workflow.md, line 440
keras.utils.set_random_seed(1337)
big_model = keras.Sequential([
    layers.Dense(256, activation="relu"),
    layers.Dense(256, activation="relu"),
    layers.Dense(256, activation="relu"),
    layers.Dense(1)
])
big_model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"], steps_per_execution=8)
big_history = big_model.fit(partial_x_train, partial_y_train, epochs=100, batch_size=16,
                            validation_data=(x_val, y_val), verbose=0)

big_train_mae = big_history.history["mae"]
big_val_mae = big_history.history["val_mae"]
big_best_epoch = int(np.argmin(big_val_mae)) + 1
print(f"Lowest validation MAE {min(big_val_mae):.2f} at epoch {big_best_epoch}; "
      f"after epoch 100: training MAE {big_train_mae[-1]:.2f}, "
      f"validation MAE {big_val_mae[-1]:.2f}")

epochs = range(1, len(big_train_mae) + 1)
plt.plot(epochs, big_train_mae, "bo", markersize=3, label="Training MAE")
plt.plot(epochs, big_val_mae, "b", label="Validation MAE")
plt.ylim(0, 6)
plt.title("A model big enough to overfit")
plt.xlabel("Epochs")
plt.ylabel("MAE (thousands of dollars)")
plt.legend()
plt.show()

# %% 06-universal-workflow.md, line 498
def build_regularized_model():
    model = keras.Sequential([
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(1)
    ])
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"], steps_per_execution=8)
    return model

keras.utils.set_random_seed(1337)
regularized_model = build_regularized_model()
early_stopping = keras.callbacks.EarlyStopping(monitor="val_mae", patience=20)
regularized_history = regularized_model.fit(
    partial_x_train, partial_y_train, epochs=100, batch_size=16,
    validation_data=(x_val, y_val), callbacks=[early_stopping], verbose=0)

regularized_val_mae = regularized_history.history["val_mae"]
best_epochs = int(np.argmin(regularized_val_mae)) + 1
print(f"Without dropout: lowest validation MAE {min(big_val_mae):.2f} (epoch {big_best_epoch})")
print(f"With dropout:    lowest validation MAE {min(regularized_val_mae):.2f} "
      f"(epoch {best_epochs}; training stopped after epoch {len(regularized_val_mae)})")

# %% 06-universal-workflow.md, line 534
keras.utils.set_random_seed(1337)
final_model = build_regularized_model()
final_model.fit(x_train, train_targets, epochs=best_epochs, batch_size=16, verbose=0)
_, test_mae = final_model.evaluate(x_test, test_targets, verbose=0)
test_baseline_mae = float(np.mean(np.abs(test_targets - train_targets.mean())))
print(f"Final model, test MAE:             {test_mae:.2f}")
print(f"Baseline (average price), test MAE: {test_baseline_mae:.2f}")
final_beats_baseline = test_mae < test_baseline_mae

# %% 06-universal-workflow.md, line 578
test_predictions = final_model.predict(x_test, verbose=0)[:, 0]
errors = np.abs(test_predictions - test_targets) * 1000  # in dollars
print(f"Half of the test houses are within ${np.median(errors):,.0f} of their value;")
print(f"nine in ten are within ${np.percentile(errors, 90):,.0f};")
print(f"the worst miss is ${errors.max():,.0f}.")
print("The three largest misses:")
for i in np.argsort(errors)[::-1][:3]:
    print(f"  tract {i:3d}: predicted ${test_predictions[i] * 1000:,.0f}, "
          f"actual ${test_targets[i] * 1000:,.0f}")

# %% 06-universal-workflow.md, line 609
raw_inputs = keras.Input(shape=(13,), name="features")
normalized = layers.Normalization(mean=mean, variance=std ** 2)(raw_inputs)
inference_model = keras.Model(raw_inputs, final_model(normalized))

raw_predictions = inference_model.predict(test_data, verbose=0)
normalization_matches = bool(np.allclose(raw_predictions[:, 0], test_predictions, atol=1e-3))
print("Raw features in, same prices out:", normalization_matches)

# %% 06-universal-workflow.md, line 625
import os

inference_model.save("boston_model.keras")
reloaded_model = keras.models.load_model("boston_model.keras")
reloaded_predictions = reloaded_model.predict(test_data, verbose=0)
reloaded_predictions_equal = bool(np.array_equal(reloaded_predictions, raw_predictions))
print(f"boston_model.keras: {os.path.getsize('boston_model.keras'):,} bytes")
print("Reloaded model gives identical predictions:", reloaded_predictions_equal)

# %% 06-universal-workflow.md, line 641
# This block raises ValueError on purpose.
try:
    inference_model.save("boston_savedmodel")  # no extension: refused
except ValueError as error:
    print(type(error).__name__ + ":", error)

# %% 06-universal-workflow.md, line 676
import tensorflow as tf

inference_model.export("boston_export", verbose=False)
print("files in boston_export:", sorted(os.listdir("boston_export")))

served_model = tf.saved_model.load("boston_export")
served_predictions = served_model.serve(tf.constant(test_data, dtype="float32")).numpy()
exported_outputs_match = bool(np.allclose(served_predictions, raw_predictions, atol=1e-5))
print("first three served predictions:", served_predictions[:3, 0].round(2))
print("SavedModel outputs match the Keras model:", exported_outputs_match)

# %% 06-universal-workflow.md, line 721
converter = tf.lite.TFLiteConverter.from_saved_model("boston_export")
tflite_model = converter.convert()
with open("boston.tflite", "wb") as f:
    f.write(tflite_model)
print(f"boston.tflite: {os.path.getsize('boston.tflite'):,} bytes")

# %% 06-universal-workflow.md, line 735
from ai_edge_litert.interpreter import Interpreter

def tflite_predict(model_path, inputs):
    interpreter = Interpreter(model_path=model_path)
    input_index = interpreter.get_input_details()[0]["index"]
    output_index = interpreter.get_output_details()[0]["index"]
    interpreter.resize_tensor_input(input_index, inputs.shape)
    interpreter.allocate_tensors()
    interpreter.set_tensor(input_index, inputs.astype("float32"))
    interpreter.invoke()
    return interpreter.get_tensor(output_index)

tflite_predictions = tflite_predict("boston.tflite", test_data)
tflite_outputs_close = bool(np.allclose(tflite_predictions, raw_predictions, atol=1e-3))
print("first three LiteRT predictions:", tflite_predictions[:3, 0].round(2))
print("LiteRT outputs match the Keras model:", tflite_outputs_close)

# %% 06-universal-workflow.md, line 809
converter = tf.lite.TFLiteConverter.from_saved_model("boston_export")
converter.optimizations = [tf.lite.Optimize.DEFAULT]
quantized_tflite_model = converter.convert()
with open("boston_quantized.tflite", "wb") as f:
    f.write(quantized_tflite_model)

float_size = os.path.getsize("boston.tflite")
quantized_size = os.path.getsize("boston_quantized.tflite")
quantized_is_smaller = quantized_size < float_size
print(f"float32 model:   {float_size:9,} bytes")
print(f"quantized model: {quantized_size:9,} bytes ({quantized_size / float_size:.0%} of the size)")

# %% 06-universal-workflow.md, line 826
import time

def mean_latency_us(model_path, sample, repeats=2000):
    interpreter = Interpreter(model_path=model_path)
    interpreter.allocate_tensors()
    input_index = interpreter.get_input_details()[0]["index"]
    output_index = interpreter.get_output_details()[0]["index"]
    sample = sample.astype("float32")
    for _ in range(100):  # warm-up
        interpreter.set_tensor(input_index, sample)
        interpreter.invoke()
    start = time.perf_counter()
    for _ in range(repeats):
        interpreter.set_tensor(input_index, sample)
        interpreter.invoke()
        interpreter.get_tensor(output_index)
    return (time.perf_counter() - start) / repeats * 1e6  # in microseconds

quantized_predictions = tflite_predict("boston_quantized.tflite", test_data)
float_tflite_mae = float(np.mean(np.abs(tflite_predictions[:, 0] - test_targets)))
quantized_tflite_mae = float(np.mean(np.abs(quantized_predictions[:, 0] - test_targets)))
one_house = test_data[:1]
for name, path, mae in [("float32", "boston.tflite", float_tflite_mae),
                        ("quantized", "boston_quantized.tflite", quantized_tflite_mae)]:
    print(f"{name:>9}: test MAE {mae:.3f}, "
          f"{mean_latency_us(path, one_house):.1f} µs per prediction")

# %% 06-universal-workflow.md, line 897
def drifted_features(batch, threshold=0.5):
    shift = (batch.mean(axis=0) - mean) / std  # in training standard deviations
    return [name for name, s in zip(feature_names, shift) if abs(s) > threshold]

tax_column = feature_names.index("TAX")
unit_changed_data = test_data.copy()
unit_changed_data[:, tax_column] /= 10

flagged_test = drifted_features(test_data)
flagged_unit_change = drifted_features(unit_changed_data)
print("Features flagged in the test data:       ", flagged_test)
print("Features flagged after the unit change:  ", flagged_unit_change)

unit_change_predictions = inference_model.predict(unit_changed_data, verbose=0)[:, 0]
shift_in_dollars = np.mean(np.abs(unit_change_predictions - raw_predictions[:, 0])) * 1000
print(f"Average change in predicted price: ${shift_in_dollars:,.0f}")
