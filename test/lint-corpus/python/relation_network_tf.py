# In the shape of clvrai/Relation-Network-Tensorflow/model_rn.py (licence not checked): the softmax
# of the logits is kept only for predictions; the loss is given the logits (issue #5 of that
# repository asked). Correct: nothing to report.
# Written for this corpus, not copied.
import tensorflow as tf


class Model(object):
    def __init__(self, config, is_train=True):
        self.batch_size = config.batch_size
        self.answer_dim = config.answer_dim
        self.img = tf.placeholder(name="img", dtype=tf.float32, shape=[self.batch_size, 128, 128, 3])
        self.a = tf.placeholder(name="a", dtype=tf.float32, shape=[self.batch_size, self.answer_dim])
        self.build(is_train=is_train)

    def build(self, is_train=True):
        def f_phi(g, scope="f_phi"):
            with tf.variable_scope(scope):
                fc_1 = tf.layers.dense(g, 256, activation=tf.nn.relu)
                fc_2 = tf.layers.dense(fc_1, 256, activation=tf.nn.relu)
                return tf.layers.dense(fc_2, self.answer_dim, activation=None)

        def build_loss(logits, labels):
            loss = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels)
            correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
            accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
            return tf.reduce_mean(loss), accuracy

        g = tf.reshape(self.img, [self.batch_size, -1])
        logits = f_phi(g)
        self.all_preds = tf.nn.softmax(logits)
        self.loss, self.accuracy = build_loss(logits, self.a)
