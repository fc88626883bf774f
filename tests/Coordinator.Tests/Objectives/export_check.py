"""Evaluates files written by `evopo objective export` the way `evopo objective eval` evaluates objectives, for
ObjectiveExportTests: per pair of a pairs CSV, in float64, the loss and its derivatives in logp_w and logp_l, written as
the same CSV (row,loss,dloss_dlogp_w,dloss_dlogp_l; floats as repr, which round-trips). Then runs the TRL snippet of the
file's docstring against a stand-in for the part of TRL 0.28.0's DPOTrainer that calls dpo_loss, and checks that it
trains with evopo_loss on lengths counted from the attention masks.

usage: python3 export_check.py MODULE.py PAIRS.csv OUT.csv [MODULE.py PAIRS.csv OUT.csv ...]
"""

import csv
import importlib.util
import inspect
import os
import sys
import textwrap
import types

import torch

COLUMNS = {
    "policy_chosen_logps": "logp_w",
    "policy_rejected_logps": "logp_l",
    "reference_chosen_logps": "ref_logp_w",
    "reference_rejected_logps": "ref_logp_l",
    "chosen_lengths": "len_w",
    "rejected_lengths": "len_l",
    "chosen_behaviour_logps": "behaviour_logp_w",
    "rejected_behaviour_logps": "behaviour_logp_l",
}


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


def arguments(module, columns):
    """The loss's arguments from the CSV's columns; log_prob_max keeps its default."""
    return {p: columns[COLUMNS[p]] for p in inspect.signature(module.evopo_loss).parameters if p != "log_prob_max"}


def evaluate(module, pairs_path, out_path):
    with open(pairs_path, newline="") as f:
        rows = list(csv.DictReader(f))
    columns = {name: torch.tensor([float(r[name]) for r in rows], dtype=torch.float64) for name in rows[0]}
    args = arguments(module, columns)
    chosen = args["policy_chosen_logps"].requires_grad_(True)
    rejected = args["policy_rejected_logps"].requires_grad_(True)
    loss = module.evopo_loss(**args)
    assert loss.dtype == torch.float64 and loss.shape == chosen.shape, (loss.dtype, loss.shape)
    grads = torch.autograd.grad(loss.sum(), [chosen, rejected], allow_unused=True)
    grads = [torch.zeros_like(chosen) if g is None else g for g in grads]
    with open(out_path, "w") as f:
        f.write("row,loss,dloss_dlogp_w,dloss_dlogp_l\n")
        for i in range(len(rows)):
            f.write(f"{i + 1},{loss[i].item()!r},{grads[0][i].item()!r},{grads[1][i].item()!r}\n")


class StandInDpoTrainer:
    """TRL 0.28.0's DPOTrainer as far as dpo_loss is concerned: get_batch_loss_metrics (without liger) runs
    concatenated_forward on the policy and, for the reference log-probs, with is_ref_model=True, then calls
    dpo_loss(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps, loss_type, model_output)."""

    beta = 0.1
    loss_type = ["sigmoid"]

    def concatenated_forward(self, model, batch, is_ref_model=False):
        prefix = "ref_" if is_ref_model else ""
        return {"chosen_logps": batch[prefix + "chosen_logps"], "rejected_logps": batch[prefix + "rejected_logps"]}

    def compute_ref_log_probs(self, batch):
        output = self.concatenated_forward(None, batch, is_ref_model=True)
        return output["chosen_logps"], output["rejected_logps"]

    def get_batch_loss_metrics(self, model, batch):
        model_output = self.concatenated_forward(model, batch)
        ref_chosen_logps, ref_rejected_logps = self.compute_ref_log_probs(batch)
        losses = 0
        for loss_type in self.loss_type:
            step, chosen_rewards, rejected_rewards = self.dpo_loss(
                model_output["chosen_logps"], model_output["rejected_logps"], ref_chosen_logps, ref_rejected_logps,
                loss_type, model_output)
            assert chosen_rewards.shape == rejected_rewards.shape == step.shape
            losses = losses + step
        return losses


def snippet(module):
    """The docstring's code block: the lines indented by four spaces from `from trl import DPOTrainer` on."""
    lines = module.__doc__.splitlines()
    start = lines.index("    from trl import DPOTrainer")
    end = next((i for i in range(start, len(lines)) if lines[i] and not lines[i].startswith("    ")), len(lines))
    return textwrap.dedent("\n".join(lines[start:end]))


def check_trl_snippet(module):
    trl = types.ModuleType("trl")
    trl.DPOTrainer = StandInDpoTrainer
    sys.modules["trl"] = trl
    namespace = {}
    exec(snippet(module), namespace)
    generator = torch.Generator().manual_seed(5)
    lengths_w, lengths_l = torch.tensor([3, 7, 1, 12]), torch.tensor([9, 2, 5, 12])
    width = 14

    def mask(lengths):
        return (torch.arange(width).unsqueeze(0) < lengths.unsqueeze(1)).long()

    def logps(lengths):
        return -(torch.rand(4, generator=generator, dtype=torch.float64) + 0.2) * lengths

    batch = {
        "chosen_attention_mask": mask(lengths_w), "rejected_attention_mask": mask(lengths_l),
        "chosen_logps": logps(lengths_w), "rejected_logps": logps(lengths_l),
        "ref_chosen_logps": logps(lengths_w), "ref_rejected_logps": logps(lengths_l),
    }
    trained = namespace["EvoPoDPOTrainer"]().get_batch_loss_metrics(None, batch)
    columns = {
        "logp_w": batch["chosen_logps"], "logp_l": batch["rejected_logps"],
        "ref_logp_w": batch["ref_chosen_logps"], "ref_logp_l": batch["ref_rejected_logps"],
        "behaviour_logp_w": batch["ref_chosen_logps"], "behaviour_logp_l": batch["ref_rejected_logps"],
        "len_w": lengths_w, "len_l": lengths_l,
    }
    direct = module.evopo_loss(**arguments(module, columns))
    assert torch.equal(trained, direct), (trained, direct)


def main(argv):
    if len(argv) % 3 != 0 or not argv:
        sys.exit(__doc__)
    for module_path, pairs_path, out_path in zip(argv[0::3], argv[1::3], argv[2::3]):
        module = load(module_path)
        evaluate(module, pairs_path, out_path)
        check_trl_snippet(module)


if __name__ == "__main__":
    main(sys.argv[1:])
