#!/usr/bin/env python3
"""Makes the small checkpoint fixtures of the converter tests with PyTorch itself.

Run from anywhere:  /usr/bin/python3 tests/data/checkpoints/make_fixtures.py [--catalog DIR]
Needs python3-torch (Debian) only to regenerate; the fixtures are committed and CI does not run
this. Everything is deterministic (fixed seeds), so re-running reproduces the same weights;
torch.save's bytes may differ slightly between PyTorch versions.

Folders (each a Hugging Face checkpoint folder: config.json + weights [+ tokenizer]):
  glm1-fp16-sharded/              GLM1, real tensor names, fp16, 2 pytorch shards + index, lm_head + inv_freq
  glm1-fp16-safetensors-sharded/  the same weights as 2 safetensors shards + index
  glm1-fp32/                      GLM1 fp32, single pytorch_model.bin (with a tiny SentencePiece ice_text.model)
  glm1-fp32-safetensors/          the same weights as one model.safetensors
  glm1-bf16/                      GLM1 bf16, single pytorch_model.bin
  glm1-int4/, glm1-int8/          the official chatglm-6b-int4/-int8 format (docs/architectures.md), embedding, lm_head
                                  sharing one storage; dequantized.safetensors = codes * scales in fp32 (the oracle)
  glm2-fp16/                      ChatGLM2 layout, told from GLM3 by _name_or_path
  glm3-fp16/                      ChatGLM3 layout, told from GLM2 by its tokenizer_config.json role tokens
  glm4-bf16-safetensors/          GLM-4 layout, bf16 safetensors, tiktoken tokenizer.model
  glm1-golden/                    the golden GLM1 model of tests/data/conformance/glm_model.data, fp32, no tokenizer
  glm2-golden/, glm3-golden/, glm4-golden/   the same for glm{2,3,4}_model.data (output_layer = embedding copy)
  zip64/state.bin, zip64/state-zip64.bin   a small state dict, and the same re-zipped with Zip64 records
  bad/os-system/pytorch_model.bin a state dict whose pickle calls os.system (must be refused unexecuted)
  pickles/*.pkl                   data.pkl records: an nn.Module state_dict (with _metadata), the same
                                  with pickle protocol 4, and a saved nn.Parameter
"""
import argparse
import collections
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

# The tiny GLM1: hidden 32, 2 heads of 16, 2 layers, FFN 128 (= 4 x hidden), 40 embedding rows.
GLM1 = dict(hidden=32, heads=2, layers=2, ffn=128, vocab=40)
# The tiny GLM2/3/4: hidden 32, 2 query heads of 16, 1 key/value group, SwiGLU 64 (fused 128).
GLM2 = dict(hidden=32, heads=2, kv_channels=16, groups=1, ffn=64, vocab=40, layers=2)


def glm1_config(vocab, extra=None):
    c = {
        "_name_or_path": "THUDM/chatglm-6b",
        "architectures": ["ChatGLMModel"],
        "bos_token_id": 2, "eos_token_id": 3, "mask_token_id": 0, "gmask_token_id": 1, "pad_token_id": 4,
        "hidden_size": GLM1["hidden"], "inner_hidden_size": GLM1["ffn"], "layernorm_epsilon": 1e-05,
        "max_sequence_length": 256, "model_type": "chatglm", "num_attention_heads": GLM1["heads"],
        "num_layers": GLM1["layers"], "position_encoding_2d": True, "torch_dtype": "float16",
        "transformers_version": "4.23.1", "use_cache": True, "vocab_size": vocab,
    }
    c.update(extra or {})
    return c


def glm2_config(name, eos, vocab=GLM2["vocab"], extra=None):
    c = {
        "model_type": "chatglm", "architectures": ["ChatGLMModel"],
        "add_bias_linear": False, "add_qkv_bias": True, "apply_query_key_layer_scaling": True,
        "apply_residual_connection_post_layernorm": False, "attention_dropout": 0.0,
        "attention_softmax_in_fp32": True, "bias_dropout_fusion": True, "ffn_hidden_size": GLM2["ffn"],
        "fp32_residual_connection": False, "hidden_dropout": 0.0, "hidden_size": GLM2["hidden"],
        "kv_channels": GLM2["kv_channels"], "layernorm_epsilon": 1e-05, "multi_query_attention": True,
        "multi_query_group_num": GLM2["groups"], "num_attention_heads": GLM2["heads"],
        "num_layers": GLM2["layers"], "original_rope": True, "padded_vocab_size": vocab,
        "post_layer_norm": True, "rmsnorm": True, "seq_length": 512, "use_cache": True,
        "torch_dtype": "float16", "tie_word_embeddings": False, "eos_token_id": eos, "pad_token_id": 0,
    }
    if name:
        c["_name_or_path"] = name
    c.update(extra or {})
    return c


def glm1_weights(seed):
    """GLM1 state dict in the official order and names (float32)."""
    g = torch.Generator().manual_seed(seed)
    h, f, v, heads = GLM1["hidden"], GLM1["ffn"], GLM1["vocab"], GLM1["heads"]
    rnd = lambda *s: torch.randn(*s, generator=g) * 0.5
    sd = collections.OrderedDict()
    sd["transformer.word_embeddings.weight"] = rnd(v, h)
    rotary_dim = h // heads // 2
    inv_freq = 1.0 / (10000 ** (torch.arange(0, rotary_dim, 2).float() / rotary_dim))
    for n in range(GLM1["layers"]):
        p = f"transformer.layers.{n}."
        sd[p + "input_layernorm.weight"] = 1 + rnd(h) * 0.1
        sd[p + "input_layernorm.bias"] = rnd(h) * 0.1
        sd[p + "attention.rotary_emb.inv_freq"] = inv_freq.clone()
        sd[p + "attention.query_key_value.weight"] = rnd(3 * h, h)
        sd[p + "attention.query_key_value.bias"] = rnd(3 * h)
        sd[p + "attention.dense.weight"] = rnd(h, h)
        sd[p + "attention.dense.bias"] = rnd(h)
        sd[p + "post_attention_layernorm.weight"] = 1 + rnd(h) * 0.1
        sd[p + "post_attention_layernorm.bias"] = rnd(h) * 0.1
        sd[p + "mlp.dense_h_to_4h.weight"] = rnd(f, h)
        sd[p + "mlp.dense_h_to_4h.bias"] = rnd(f)
        sd[p + "mlp.dense_4h_to_h.weight"] = rnd(h, f)
        sd[p + "mlp.dense_4h_to_h.bias"] = rnd(h)
    sd["transformer.final_layernorm.weight"] = 1 + rnd(h) * 0.1
    sd["transformer.final_layernorm.bias"] = rnd(h) * 0.1
    sd["lm_head.weight"] = sd["transformer.word_embeddings.weight"].clone()  # stored twice, as published
    return sd


def glm2_weights(seed, dtype):
    g = torch.Generator().manual_seed(seed)
    h, v, kv, groups, f = GLM2["hidden"], GLM2["vocab"], GLM2["kv_channels"], GLM2["groups"], GLM2["ffn"]
    rnd = lambda *s: (torch.randn(*s, generator=g) * 0.5).to(dtype)
    qkv = GLM2["heads"] * kv + 2 * groups * kv
    sd = collections.OrderedDict()
    sd["transformer.embedding.word_embeddings.weight"] = rnd(v, h)
    sd["transformer.rotary_pos_emb.inv_freq"] = (1.0 / (10000 ** (torch.arange(0, kv // 2, 2).float() / (kv // 2)))).to(dtype)
    for n in range(GLM2["layers"]):
        p = f"transformer.encoder.layers.{n}."
        sd[p + "input_layernorm.weight"] = (1 + rnd(h) * 0.1).to(dtype)
        sd[p + "self_attention.query_key_value.weight"] = rnd(qkv, h)
        sd[p + "self_attention.query_key_value.bias"] = rnd(qkv)
        sd[p + "self_attention.dense.weight"] = rnd(h, GLM2["heads"] * kv)
        sd[p + "post_attention_layernorm.weight"] = (1 + rnd(h) * 0.1).to(dtype)
        sd[p + "mlp.dense_h_to_4h.weight"] = rnd(2 * f, h)
        sd[p + "mlp.dense_4h_to_h.weight"] = rnd(h, f)
    sd["transformer.encoder.final_layernorm.weight"] = (1 + rnd(h) * 0.1).to(dtype)
    sd["transformer.output_layer.weight"] = rnd(v, h)
    return sd


# ---- writers -----------------------------------------------------------------------------------

def fresh(folder):
    path = os.path.join(HERE, folder)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


SAFETENSORS_DTYPES = {torch.float16: "F16", torch.bfloat16: "BF16", torch.float32: "F32", torch.int8: "I8"}


def write_safetensors(path, tensors):
    """The safetensors format by hand (the safetensors package is not in Debian 12)."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.contiguous()
        data = t.view(torch.uint8).numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the reference writer pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def save_sharded(folder, sd, split, kind):
    """Shards the state dict the way transformers' save_pretrained does, with its index."""
    parts = [collections.OrderedDict(), collections.OrderedDict()]
    for i, (k, v) in enumerate(sd.items()):
        parts[0 if i < split else 1][k] = v
    weight_map, total = {}, 0
    for i, part in enumerate(parts):
        if kind == "pytorch":
            name = f"pytorch_model-{i + 1:05d}-of-00002.bin"
            torch.save(part, os.path.join(folder, name))
        else:
            name = f"model-{i + 1:05d}-of-00002.safetensors"
            write_safetensors(os.path.join(folder, name), part)
        for k, v in part.items():
            weight_map[k] = name
            total += v.numel() * v.element_size()
    index = "pytorch_model.bin.index.json" if kind == "pytorch" else "model.safetensors.index.json"
    write_json(os.path.join(folder, index), {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))})


def make_sentencepiece(path):
    spm_train = shutil.which("spm_train")
    if not spm_train:
        sys.exit("spm_train (Debian package sentencepiece) is needed to make the tiny tokenizer")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.txt")
        with open(corpus, "w") as f:
            f.write("hello world\nthe quick brown fox jumps over the lazy dog\n你好 世界\nhello glm chat\n")
        subprocess.run([spm_train, f"--input={corpus}", f"--model_prefix={tmp}/m", "--vocab_size=40",
                        "--model_type=bpe", "--character_coverage=1.0",
                        "--normalization_rule_name=identity"], check=True, capture_output=True)
        shutil.copy(os.path.join(tmp, "m.model"), path)


# ---- the fixtures ------------------------------------------------------------------------------

def make_glm1(catalog):
    sd32 = glm1_weights(seed=1)
    if catalog:  # the names must be the published ones (restricted to our two layers)
        with open(os.path.join(catalog, "chatglm-6b", "pytorch_model.bin.index.json")) as f:
            real = json.load(f)["weight_map"].keys()
        keep = {k for k in real if not k.startswith("transformer.layers.") or int(k.split(".")[2]) < GLM1["layers"]}
        assert keep == set(sd32.keys()), sorted(keep ^ set(sd32.keys()))
    sd16 = collections.OrderedDict((k, v.half()) for k, v in sd32.items())
    split = 3 + 11  # embedding + layer 0 in shard 1; layer 1, final norm, lm_head in shard 2
    d = fresh("glm1-fp16-sharded")
    write_json(os.path.join(d, "config.json"), glm1_config(GLM1["vocab"]))
    save_sharded(d, sd16, split, "pytorch")
    d = fresh("glm1-fp16-safetensors-sharded")
    write_json(os.path.join(d, "config.json"), glm1_config(GLM1["vocab"]))
    save_sharded(d, sd16, split, "safetensors")

    d = fresh("glm1-fp32")
    write_json(os.path.join(d, "config.json"), glm1_config(GLM1["vocab"], {"torch_dtype": "float32"}))
    torch.save(sd32, os.path.join(d, "pytorch_model.bin"))
    make_sentencepiece(os.path.join(d, "ice_text.model"))
    d = fresh("glm1-fp32-safetensors")
    write_json(os.path.join(d, "config.json"), glm1_config(GLM1["vocab"], {"torch_dtype": "float32"}))
    write_safetensors(os.path.join(d, "model.safetensors"), sd32)

    d = fresh("glm1-bf16")
    write_json(os.path.join(d, "config.json"), glm1_config(GLM1["vocab"], {"torch_dtype": "bfloat16"}))
    torch.save(collections.OrderedDict((k, v.bfloat16()) for k, v in sd32.items()), os.path.join(d, "pytorch_model.bin"))


def quantize_official(w, bits):
    """chatglm-6b quantization.py: one fp16 scale per row, symmetric codes
    (docs/architectures.md#official-int4int8-weights)."""
    scale = (w.abs().max(dim=-1).values / ((1 << (bits - 1)) - 1)).half()
    q = torch.round(w / scale.float()[:, None]).to(torch.int8)
    if bits == 8:
        return q, scale
    hi, lo = q[:, 0::2], q[:, 1::2]  # element 2j -> high nibble of byte j, 2j+1 -> low nibble
    packed = ((hi.to(torch.int16) << 4) | (lo.to(torch.int16) & 0x0F)).to(torch.uint8).view(torch.int8)
    return packed.contiguous(), scale


def dequantize_official(codes, scale, bits):
    if bits == 8:
        q = codes.to(torch.float32)
    else:
        b = codes.to(torch.int16)
        hi = b >> 4                     # arithmetic shift of the signed byte
        lo = ((b << 12).to(torch.int16) >> 12)  # sign-extended low nibble
        q = torch.stack([hi, lo], dim=-1).reshape(codes.shape[0], -1).to(torch.float32)
    return q * scale.float()[:, None]


def make_official(bits):
    sd32 = glm1_weights(seed=2)
    sd = collections.OrderedDict()
    oracle = collections.OrderedDict()
    embedding = sd32["transformer.word_embeddings.weight"].half()
    for k, v in sd32.items():
        if k == "lm_head.weight":
            sd[k] = embedding  # the same storage as the embedding: stored once, as the int4 file does
        elif k == "transformer.word_embeddings.weight":
            sd[k] = embedding
        elif v.dim() == 2:
            codes, scale = quantize_official(v, bits)
            sd[k] = codes
            sd[k[: -len("weight")] + "weight_scale"] = scale
            oracle[k] = dequantize_official(codes, scale, bits)
        else:
            sd[k] = v.half()
    d = fresh(f"glm1-int{bits}")
    write_json(os.path.join(d, "config.json"), glm1_config(GLM1["vocab"], {
        "_name_or_path": f"THUDM/chatglm-6b-int{bits}", "quantization_bit": bits, "quantization_embeddings": False}))
    torch.save(sd, os.path.join(d, "pytorch_model.bin"))
    write_safetensors(os.path.join(d, "dequantized.safetensors"), oracle)


def make_glm2_family():
    d = fresh("glm2-fp16")
    write_json(os.path.join(d, "config.json"), glm2_config("THUDM/chatglm2-6b", 2, extra={"transformers_version": "4.27.1"}))
    torch.save(glm2_weights(3, torch.float16), os.path.join(d, "pytorch_model.bin"))

    d = fresh("glm3-fp16")
    write_json(os.path.join(d, "config.json"), glm2_config(None, 2, extra={"transformers_version": "4.30.2"}))
    write_json(os.path.join(d, "tokenizer_config.json"), {
        "added_tokens_decoder": {str(64790 + i): {"content": t, "special": True}
                                 for i, t in enumerate(["[gMASK]", "[sMASK]", "sop", "eop", "<|system|>",
                                                        "<|user|>", "<|assistant|>", "<|observation|>"])},
        "tokenizer_class": "ChatGLMTokenizer"})
    torch.save(glm2_weights(4, torch.float16), os.path.join(d, "pytorch_model.bin"))

    d = fresh("glm4-bf16-safetensors")
    write_json(os.path.join(d, "config.json"), glm2_config("THUDM/glm-4-9b-chat", [151329, 151336, 151338], extra={
        "rope_ratio": 500, "layernorm_epsilon": 1.5625e-07, "torch_dtype": "bfloat16", "pad_token_id": 151329}))
    write_safetensors(os.path.join(d, "model.safetensors"), glm2_weights(5, torch.bfloat16))
    import base64
    with open(os.path.join(d, "tokenizer.model"), "w") as f:  # tiktoken: base64(token) rank
        for rank, token in enumerate([b"!", b"a", b"b", b"hello", b" world", "你好".encode()]):
            f.write(f"{base64.b64encode(token).decode()} {rank}\n")


def make_golden():
    """tests/data/conformance/glm_model.data (README there) as a Hugging Face folder."""
    with open(os.path.join(ROOT, "tests", "data", "conformance", "glm_model.data"), "rb") as f:
        data = f.read()
    floats = torch.frombuffer(bytearray(data[: 12928 * 4]), dtype=torch.float32)
    h, f4, v = 32, 128, 5
    shapes = [("transformer.word_embeddings.weight", (v, h))]
    p = "transformer.layers.0."
    shapes += [(p + "input_layernorm.weight", (h,)), (p + "input_layernorm.bias", (h,)),
               (p + "attention.query_key_value.weight", (3 * h, h)), (p + "attention.query_key_value.bias", (3 * h,)),
               (p + "attention.dense.weight", (h, h)), (p + "attention.dense.bias", (h,)),
               (p + "post_attention_layernorm.weight", (h,)), (p + "post_attention_layernorm.bias", (h,)),
               (p + "mlp.dense_h_to_4h.weight", (f4, h)), (p + "mlp.dense_h_to_4h.bias", (f4,)),
               (p + "mlp.dense_4h_to_h.weight", (h, f4)), (p + "mlp.dense_4h_to_h.bias", (h,)),
               ("transformer.final_layernorm.weight", (h,)), ("transformer.final_layernorm.bias", (h,))]
    sd, at = collections.OrderedDict(), 0
    for name, shape in shapes:
        n = 1
        for s in shape:
            n *= s
        sd[name] = floats[at: at + n].reshape(shape).clone()
        at += n
    assert at == 12928
    d = fresh("glm1-golden")
    # gmask 1 and bos 2 make the engine's normal GLM1 position logic reproduce the golden steps.
    write_json(os.path.join(d, "config.json"), {
        "architectures": ["ChatGLMModel"], "model_type": "chatglm",
        "bos_token_id": 2, "eos_token_id": 3, "mask_token_id": 0, "gmask_token_id": 1, "pad_token_id": 4,
        "hidden_size": h, "inner_hidden_size": f4, "layernorm_epsilon": 1e-05, "max_sequence_length": 64,
        "num_attention_heads": 8, "num_layers": 1, "position_encoding_2d": True, "torch_dtype": "float32",
        "vocab_size": v})
    torch.save(sd, os.path.join(d, "pytorch_model.bin"))


def make_golden_glm2_family():
    """glm2_model.data (= glm3) and glm4_model.data as folders. The golden files hold no output
    layer (their data checks hidden states only): output_layer is a copy of the embedding."""
    h, f, v, kv = 32, 48, 5, 4
    p = "transformer.encoder.layers.0."
    shapes = [("transformer.embedding.word_embeddings.weight", (v, h)), (p + "input_layernorm.weight", (h,)),
              (p + "self_attention.query_key_value.weight", (48, h)), (p + "self_attention.query_key_value.bias", (48,)),
              (p + "self_attention.dense.weight", (h, h)), (p + "post_attention_layernorm.weight", (h,)),
              (p + "mlp.dense_h_to_4h.weight", (2 * f, h)), (p + "mlp.dense_4h_to_h.weight", (h, f)),
              ("transformer.encoder.final_layernorm.weight", (h,))]
    for gen, data_file, name, extra in [
            ("glm2", "glm2_model.data", "THUDM/chatglm2-6b", {}),
            ("glm3", "glm3_model.data", "THUDM/chatglm3-6b", {}),
            ("glm4", "glm4_model.data", "THUDM/glm-4-9b-chat",
             {"eos_token_id": [151329, 151336, 151338], "pad_token_id": 151329, "rope_ratio": 500,
              "layernorm_epsilon": 1.5625e-07})]:
        with open(os.path.join(ROOT, "tests", "data", "conformance", data_file), "rb") as fh:
            floats = torch.frombuffer(bytearray(fh.read()[: 7472 * 4]), dtype=torch.float32)
        sd, at = collections.OrderedDict(), 0
        for tensor, shape in shapes:
            n = 1
            for s_ in shape:
                n *= s_
            sd[tensor] = floats[at: at + n].reshape(shape).clone()
            at += n
        assert at == 7472
        sd["transformer.output_layer.weight"] = sd["transformer.embedding.word_embeddings.weight"].clone()
        d = fresh(f"{gen}-golden")
        config = glm2_config(name, 2, vocab=v, extra=dict({"hidden_size": h, "num_attention_heads": 8, "kv_channels": kv,
                                                            "multi_query_group_num": 2, "ffn_hidden_size": f,
                                                            "num_layers": 1, "seq_length": 64, "torch_dtype": "float32"},
                                                           **extra))
        write_json(os.path.join(d, "config.json"), config)
        torch.save(sd, os.path.join(d, "pytorch_model.bin"))


def make_zip64():
    d = fresh("zip64")
    g = torch.Generator().manual_seed(6)
    sd = collections.OrderedDict([("a", torch.randn(4, 8, generator=g).half()), ("b", torch.arange(6, dtype=torch.float32)),
                                  ("c", torch.randn(3, generator=g).bfloat16())])
    normal = os.path.join(d, "state.bin")
    torch.save(sd, normal)
    # Re-zip the same records with Zip64 extra fields and end records (Python writes them once
    # sizes or offsets pass ZIP64_LIMIT: lowered here to force them on a small file).
    saved = zipfile.ZIP64_LIMIT
    zipfile.ZIP64_LIMIT = 16
    try:
        with zipfile.ZipFile(normal) as src, zipfile.ZipFile(os.path.join(d, "state-zip64.bin"), "w", zipfile.ZIP_STORED) as dst:
            for info in src.infolist():
                with dst.open(zipfile.ZipInfo(info.filename), "w", force_zip64=True) as out:
                    out.write(src.read(info))
    finally:
        zipfile.ZIP64_LIMIT = saved
    # Python's zipfile reads it back (PyTorch 1.13's miniz reader refuses Zip64 end records on a
    # file this small, so torch.load cannot be the check here).
    with zipfile.ZipFile(normal) as a, zipfile.ZipFile(os.path.join(d, "state-zip64.bin")) as b:
        assert b.testzip() is None
        assert [(i.filename, a.read(i)) for i in a.infolist()] == [(i.filename, b.read(i)) for i in b.infolist()]
        assert any(i.file_size > 16 and i.header_offset > 16 for i in b.infolist())


class Evil:
    """Pickles as a call to os.system: what a malicious checkpoint would contain."""
    def __reduce__(self):
        return (os.system, ("echo pwned > /tmp/glm-converter-pwned",))


def make_bad():
    d = fresh(os.path.join("bad", "os-system"))
    with open(os.path.join(HERE, "glm1-golden", "config.json")) as f:
        write_json(os.path.join(d, "config.json"), json.load(f))
    torch.save(collections.OrderedDict([("transformer.word_embeddings.weight", Evil())]), os.path.join(d, "pytorch_model.bin"))


def make_pickles():
    d = fresh("pickles")
    import io
    torch.manual_seed(7)
    module = torch.nn.Linear(4, 2)
    for name, obj, protocol in [("module-state", module.state_dict(), 2), ("protocol4", module.state_dict(), 4),
                                ("parameter", collections.OrderedDict(p=torch.nn.Parameter(torch.ones(3))), 2)]:
        buf = io.BytesIO()
        torch.save(obj, buf, pickle_protocol=protocol)
        with zipfile.ZipFile(buf) as z:
            record = next(n for n in z.namelist() if n.endswith("/data.pkl"))
            with open(os.path.join(d, name + ".pkl"), "wb") as f:
                f.write(z.read(record))


def main():
    ap = argparse.ArgumentParser()
    # Optional: a copy of the published ChatGLM-6B index to check the GLM1 tensor names against. It
    # is not part of this repository; the default is where the build machine keeps one, and
    # without it the fixtures are made all the same (the names are in docs/architectures.md).
    ap.add_argument("--catalog", default=os.path.join(ROOT, "..", "..", "shared", "catalog"),
                    help="folder with chatglm-6b/pytorch_model.bin.index.json, to check the GLM1 names")
    args = ap.parse_args()
    catalog = args.catalog if os.path.isdir(args.catalog) else None
    if not catalog:
        print("note: no catalog folder; the GLM1 names are not checked against the published index")
    make_glm1(catalog)
    make_official(4)
    make_official(8)
    make_glm2_family()
    make_golden()
    make_golden_glm2_family()
    make_zip64()
    make_bad()
    make_pickles()
    print("fixtures written to", HERE)


if __name__ == "__main__":
    main()
