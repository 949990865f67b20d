# In the shape of aidotse/LeakPro's adult handler (licence not checked), as issue #229 describes
# it ("Redundant Sigmoid in adult_handler"): the target model's output goes through a sigmoid
# before BCEWithLogitsLoss.
# Written for this corpus, not copied.
import torch
from torch import nn, optim
from torch.utils.data import DataLoader


class AdultInputHandler:
    def __init__(self, configs):
        self.configs = configs

    def get_criterion(self):
        return nn.BCEWithLogitsLoss()

    def get_optimizer(self, model):
        return optim.SGD(model.parameters(), lr=0.01, momentum=0.8)

    def train(self, dataloader: DataLoader, model, epochs: int = 10):
        criterion = nn.BCEWithLogitsLoss()
        optimizer = self.get_optimizer(model)
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        model.to(device)
        for epoch in range(epochs):
            train_loss, train_acc = 0.0, 0
            model.train()
            for data, target in dataloader:
                target = target.float().unsqueeze(1)
                data, target = data.to(device), target.to(device)
                optimizer.zero_grad()
                output = torch.sigmoid(model(data))
                loss = criterion(output, target)  # expect: sigmoid-before-logits-loss
                pred = output >= 0.5
                train_acc += pred.eq(target).sum().item()
                loss.backward()
                optimizer.step()
                train_loss += loss.item()
        return {"loss": train_loss, "acc": train_acc}
