#!/usr/bin/env python3
"""Writes a ~1 GB synthetic ChatGLM2-layout checkpoint (fp16, 2 pytorch shards + index) for the
converter's memory and speed measurement (docs/convert.md). Not a fixture: it goes to a scratch
folder given on the command line.

    /usr/bin/python3 tests/data/checkpoints/make_large_checkpoint.py /tmp/glm-large
"""
import collections
import json
import os
import sys

import torch

HIDDEN, HEADS, KV, GROUPS, FFN, VOCAB, LAYERS = 4096, 32, 128, 2, 13696, 32768, 1


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    rnd = lambda *s: (torch.randn(*s) * 0.02).half()
    sd = collections.OrderedDict()
    sd["transformer.embedding.word_embeddings.weight"] = rnd(VOCAB, HIDDEN)
    sd["transformer.rotary_pos_emb.inv_freq"] = torch.ones(KV // 4).half()
    for n in range(LAYERS):
        p = f"transformer.encoder.layers.{n}."
        sd[p + "input_layernorm.weight"] = torch.ones(HIDDEN).half()
        sd[p + "self_attention.query_key_value.weight"] = rnd(HEADS * KV + 2 * GROUPS * KV, HIDDEN)
        sd[p + "self_attention.query_key_value.bias"] = rnd(HEADS * KV + 2 * GROUPS * KV)
        sd[p + "self_attention.dense.weight"] = rnd(HIDDEN, HEADS * KV)
        sd[p + "post_attention_layernorm.weight"] = torch.ones(HIDDEN).half()
        sd[p + "mlp.dense_h_to_4h.weight"] = rnd(2 * FFN, HIDDEN)
        sd[p + "mlp.dense_4h_to_h.weight"] = rnd(HIDDEN, FFN)
    sd["transformer.encoder.final_layernorm.weight"] = torch.ones(HIDDEN).half()
    sd["transformer.output_layer.weight"] = rnd(VOCAB, HIDDEN)
    names = list(sd)
    shards = [names[: len(names) // 2], names[len(names) // 2:]]
    weight_map = {}
    for i, part in enumerate(shards):
        file = f"pytorch_model-{i + 1:05d}-of-00002.bin"
        torch.save(collections.OrderedDict((k, sd[k]) for k in part), os.path.join(out, file))
        weight_map.update({k: file for k in part})
    total = sum(t.numel() * t.element_size() for t in sd.values())
    with open(os.path.join(out, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    config = {"model_type": "chatglm", "_name_or_path": "synthetic/chatglm2-large", "hidden_size": HIDDEN,
              "num_layers": LAYERS, "num_attention_heads": HEADS, "kv_channels": KV, "multi_query_attention": True,
              "multi_query_group_num": GROUPS, "ffn_hidden_size": FFN, "padded_vocab_size": VOCAB,
              "seq_length": 32768, "layernorm_epsilon": 1e-5, "rmsnorm": True, "add_bias_linear": False,
              "add_qkv_bias": True, "post_layer_norm": True, "original_rope": True, "eos_token_id": 2, "pad_token_id": 0}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    largest = max(sd.values(), key=lambda t: t.numel() * t.element_size())
    print(f"{total / 1e6:.0f} MB of tensors; largest {largest.numel() * largest.element_size() / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
