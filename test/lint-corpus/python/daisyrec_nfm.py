# In the shape of yudi-mars/daisyRec's point-wise recommender models (licence not checked), before
# pull request #15 ("Do not need sigmoid because there is sigmoid in BCEWithLogitsLoss"): the
# prediction is squashed by a sigmoid and then given to BCEWithLogitsLoss.
# Written for this corpus, not copied.
import torch
import torch.nn as nn


class PointNFM(nn.Module):
    def __init__(self, user_num, item_num, factors=64, act_function="relu", num_layers=1, dropout=0.2, loss_type="CL"):
        super(PointNFM, self).__init__()
        self.embed_user = nn.Embedding(user_num, factors)
        self.embed_item = nn.Embedding(item_num, factors)
        self.u_bias = nn.Embedding(user_num, 1)
        self.i_bias = nn.Embedding(item_num, 1)
        self.bias_ = nn.Parameter(torch.tensor([0.0]))
        self.dropout = nn.Dropout(dropout)
        self.prediction = nn.Linear(factors, 1, bias=False)
        self.loss_type = loss_type
        if loss_type == "CL":
            self.criterion = nn.BCEWithLogitsLoss(reduction="sum")
        else:
            self.criterion = nn.MSELoss(reduction="sum")

    def forward(self, user, item):
        feature = self.embed_user(user) * self.embed_item(item)
        feature = self.dropout(feature)
        pred = self.prediction(feature)
        pred = pred + self.u_bias(user) + self.i_bias(item) + self.bias_
        return pred.view(-1)

    def calc_loss(self, user, item, label):
        pred = torch.sigmoid(self.forward(user, item))
        loss = self.criterion(pred, label)  # expect: sigmoid-before-logits-loss
        return loss
