# In the shape of dfish13/neural-networks-and-deep-learning/src/network4.py (licence not checked):
# Nielsen's book network rebuilt in Keras, a softmax output trained with the quadratic cost on
# one-hot labels — the cost chapter 3 of the book replaces with cross-entropy.
# Written for this corpus, not copied.
import keras
from keras.datasets import mnist
from keras.layers import Dense
from keras.models import Sequential

batch_size = 10
num_classes = 10
epochs = 30

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.reshape(60000, 784).astype("float32") / 255
x_test = x_test.reshape(10000, 784).astype("float32") / 255
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Dense(30, activation="sigmoid", input_shape=(784,)))
model.add(Dense(num_classes, activation="softmax"))

model.compile(loss=keras.losses.mean_squared_error, optimizer=keras.optimizers.SGD(learning_rate=3.0), metrics=["accuracy"])  # expect: mse-on-probabilities

model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=2)
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0], "Test accuracy:", score[1])
