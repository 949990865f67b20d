# In the shape of SajjadAemmi/PyLearn/6_machine_learning/perceptron/hello_tensorflow.py (licence
# not checked): a softmax MNIST classifier compiled with the squared error and an accuracy metric.
# Written for this corpus, not copied.
import tensorflow as tf

mnist = tf.keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(60, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])

model.compile(optimizer="SGD", loss="mse", metrics=["accuracy"])  # expect: mse-on-probabilities

model.fit(x_train, y_train, epochs=5)
model.evaluate(x_test, y_test)
