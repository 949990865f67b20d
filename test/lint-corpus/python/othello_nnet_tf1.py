# In the shape of suragnair/alpha-zero-general/othello/tensorflow/OthelloNNet.py (MIT), at the
# revision issue #45 describes: the policy head's softmax is what the policy loss is given.
# Written for this corpus, not copied.
import sys

import tensorflow as tf

sys.path.append("..")


class OthelloNNet:
    def __init__(self, game, args):
        self.board_x, self.board_y = game.getBoardSize()
        self.action_size = game.getActionSize()
        self.args = args

        relu = tf.nn.relu
        batch_norm = tf.layers.batch_normalization
        dropout = tf.layers.dropout
        Dense = tf.layers.dense

        self.graph = tf.Graph()
        with self.graph.as_default():
            self.input_boards = tf.placeholder(tf.float32, shape=[None, self.board_x, self.board_y])
            self.dropout = tf.placeholder(tf.float32)
            self.isTraining = tf.placeholder(tf.bool, name="is_training")

            x = tf.reshape(self.input_boards, [-1, self.board_x, self.board_y, 1])
            h1 = relu(batch_norm(self.conv2d(x, args.num_channels, "same"), axis=3, training=self.isTraining))
            h2 = relu(batch_norm(self.conv2d(h1, args.num_channels, "valid"), axis=3, training=self.isTraining))
            flat = tf.reshape(h2, [-1, args.num_channels * (self.board_x - 2) * (self.board_y - 2)])
            fc1 = dropout(relu(batch_norm(Dense(flat, 512, use_bias=False), axis=1, training=self.isTraining)), rate=self.dropout)
            self.pi = Dense(fc1, self.action_size)
            self.prob = tf.nn.softmax(self.pi)
            self.v = tf.nn.tanh(Dense(fc1, 1))

            self.calculate_loss()

    def conv2d(self, x, out_channels, padding):
        return tf.layers.conv2d(x, out_channels, kernel_size=[3, 3], padding=padding, use_bias=False)

    def calculate_loss(self):
        self.target_pis = tf.placeholder(tf.float32, shape=[None, self.action_size])
        self.target_vs = tf.placeholder(tf.float32, shape=[None])
        self.loss_pi = tf.losses.softmax_cross_entropy(self.target_pis, self.prob)  # expect: softmax-before-logits-loss
        self.loss_v = tf.losses.mean_squared_error(self.target_vs, tf.reshape(self.v, shape=[-1]))
        self.total_loss = self.loss_pi + self.loss_v
        self.train_step = tf.train.AdamOptimizer(self.args.lr).minimize(self.total_loss)
