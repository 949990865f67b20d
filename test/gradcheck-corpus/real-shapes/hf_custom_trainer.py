# In the shape of brando90/ultimate-utils/tutorials_for_myself/my_hf_hugging_face_pg/custon_trainer_hf_pg.py
# (MIT): a transformers `Trainer` subclass (transformers is absent) overriding
# `compute_loss(self, model, inputs, return_outputs=False)`: it takes a MODEL and a batch dict, so
# it gets no lens. As in the repository it uses `torch` without importing it.
# Written for this corpus, not copied.
from torch import nn
from transformers import Trainer


class CustomTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False):
        targets = inputs["labels"]
        result = model(**inputs)
        scores = result["logits"]
        # class-weighted cross-entropy over three labels
        criterion = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 3.0, 5.0]))
        n_labels = self.model.config.num_labels
        loss = criterion(scores.reshape(-1, n_labels), targets.reshape(-1))
        if return_outputs:
            return loss, result
        return loss
