# Generated from docs/chapters/01-what-is-deep-learning.md by `python -m dlp_build snippets`: edit the chapter, not this file.

# %% 01-what-is-deep-learning.md, line 60
import numpy as np
import matplotlib.pyplot as plt

rng = np.random.default_rng(0)
points = rng.uniform(-1, 1, size=(200, 2))
is_black = points[:, 0] + points[:, 1] > 0   # the rule hidden in the data

angle = np.pi / 4                            # a coordinate change: rotate by 45 degrees
rotation = np.array([[np.cos(angle), -np.sin(angle)],
                     [np.sin(angle), np.cos(angle)]])
new_points = points @ rotation

fig, (raw, better) = plt.subplots(1, 2, figsize=(9, 4))
for axes, data, title in [(raw, points, "Raw coordinates"),
                          (better, new_points, "After the coordinate change")]:
    axes.scatter(data[:, 0], data[:, 1], c=np.where(is_black, "black", "white"),
                 edgecolors="gray")
    axes.set_title(title)
    axes.set_aspect("equal")
better.axvline(0, color="red", linestyle="--")
plt.show()

accuracy = np.mean((new_points[:, 0] > 0) == is_black)
print(f"The rule 'new x > 0' classifies {accuracy:.0%} of the points correctly.")
