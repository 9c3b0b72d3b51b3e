#include "convert/tensor_plan.h"

#include "glm/error.h"
#include "quant/official_quant.h"

#include <algorithm>
#include <cstring>

namespace glm {

namespace {

// The official checkpoints' names of each tensor role: ChatGLM-6B's and ChatGLM2+'s
// (docs/architectures.md "Tensors"). A layer's name is prefix + N + "." + the role's name.
struct SourceNames {
    const char* layer_prefix;
    const char* embedding;
    const char* output; // "" where the head is tied
    const char* final_norm;
};
constexpr SourceNames kGlm1Names{"transformer.layers.", "transformer.word_embeddings.weight", "",
                                 "transformer.final_layernorm."};
constexpr SourceNames kGlm2Names{
    "transformer.encoder.layers.", "transformer.embedding.word_embeddings.weight",
    "transformer.output_layer.weight", "transformer.encoder.final_layernorm."};

std::string layer_tensor_name(TensorRole role, bool glm1) {
    switch (role) {
    case TensorRole::AttnNorm:
        return "input_layernorm.weight";
    case TensorRole::AttnNormBias:
        return "input_layernorm.bias";
    case TensorRole::Qkv:
        return glm1 ? "attention.query_key_value.weight" : "self_attention.query_key_value.weight";
    case TensorRole::QkvBias:
        return glm1 ? "attention.query_key_value.bias" : "self_attention.query_key_value.bias";
    case TensorRole::AttnOut:
        return glm1 ? "attention.dense.weight" : "self_attention.dense.weight";
    case TensorRole::AttnOutBias:
        return glm1 ? "attention.dense.bias" : "self_attention.dense.bias";
    case TensorRole::FfnNorm:
        return "post_attention_layernorm.weight";
    case TensorRole::FfnNormBias:
        return "post_attention_layernorm.bias";
    case TensorRole::FfnUp:
        return "mlp.dense_h_to_4h.weight";
    case TensorRole::FfnUpBias:
        return "mlp.dense_h_to_4h.bias";
    case TensorRole::FfnDown:
        return "mlp.dense_4h_to_h.weight";
    case TensorRole::FfnDownBias:
        return "mlp.dense_4h_to_h.bias";
    default:
        return "";
    }
}

bool is_float(SourceDType t) {
    return t == SourceDType::F16 || t == SourceDType::BF16 || t == SourceDType::F32;
}

std::vector<uint64_t> reversed(std::vector<uint64_t> v) {
    std::reverse(v.begin(), v.end());
    return v;
}

std::string where(const LocatedTensor& t) {
    return t.shard->path.filename().string();
}

uint32_t file_type_of(TensorType t) {
    switch (t) {
    case TensorType::F32:
        return 0;
    case TensorType::F16:
        return 1;
    case TensorType::Q4_0:
        return 2;
    case TensorType::Q8_0:
        return 7;
    default:
        return 0;
    }
}

// A tensor the checkpoint stores in parts whose rows follow each other (separate q, k and v
// projections): every part float, with the row length of the whole.
void plan_fused(PlannedTensor& p, const TensorSpec& spec, const std::vector<SourcePart>& parts,
                const CheckpointFiles& files, std::vector<std::string>& used) {
    for (size_t i = 0; i < parts.size(); ++i) {
        const SourcePart& part = parts[i];
        const LocatedTensor* src = files.find(part.name);
        if (!src)
            throw Error(ErrorKind::InvalidFile,
                        "The checkpoint lacks tensor " + part.name + " (part of " + spec.name +
                            "). Is a shard missing or the config.json wrong?");
        const SourceTensor& t = *src->tensor;
        std::vector<uint64_t> expected{part.rows};
        if (spec.is_matrix()) expected.push_back(spec.dims[0]);
        if (!is_float(t.dtype))
            throw Error(ErrorKind::InvalidFile,
                        where(*src) + ": tensor " + part.name + " is " + to_string(t.dtype) +
                            ", an unsupported dtype (float16, bfloat16 or float32 expected).");
        if (t.shape != expected)
            throw Error(ErrorKind::InvalidFile, where(*src) + ": tensor " + part.name +
                                                    " has shape " + shape_string(t.shape) +
                                                    " but config.json implies " +
                                                    shape_string(expected) + ".");
        used.push_back(part.name);
        if (i == 0)
            p.source = *src;
        else
            p.parts.push_back(*src);
        p.hf_name += (i ? " + " : "") + part.name;
    }
}

} // namespace

uint64_t PlannedTensor::input_bytes() const {
    uint64_t n = source.tensor ? source.tensor->bytes : 0;
    if (scale.tensor) n += scale.tensor->bytes;
    if (duplicate.tensor) n += duplicate.tensor->bytes;
    for (const LocatedTensor& part : parts) n += part.tensor->bytes;
    return n;
}

namespace {

// The THUDM checkpoint's name of a tensor.
std::string thudm_tensor_name(const ModelConfig& c, const TensorSpec& spec) {
    // ChatGLM-6B's layers are named apart from those of ChatGLM2, ChatGLM3 and GLM-4, which
    // share one layout (their QKV is fused the other way: QkvLayout).
    const bool glm1 = c.architecture().qkv == QkvLayout::PerHeadInterleaved;
    const SourceNames& n = glm1 ? kGlm1Names : kGlm2Names;
    switch (spec.role) {
    case TensorRole::Embedding:
        return n.embedding;
    case TensorRole::Output:
        return n.output;
    case TensorRole::OutputNorm:
        return std::string(n.final_norm) + "weight";
    case TensorRole::OutputNormBias:
        return std::string(n.final_norm) + "bias";
    default:
        return n.layer_prefix + std::to_string(spec.layer) + "." +
               layer_tensor_name(spec.role, glm1);
    }
}

} // namespace

std::vector<SourcePart> source_parts(const HfModel& model, const TensorSpec& spec) {
    const ModelConfig& c = model.config;
    const uint64_t rows = spec.is_matrix() ? spec.dims[1] : spec.dims[0];
    if (model.layout == CheckpointLayout::Thudm) return {{thudm_tensor_name(c, spec), rows}};
    // transformers' GlmForCausalLM: the GLM-4 network with separate q/k/v projections, fused
    // here into the [Q | K | V] rows the engine runs (docs/convert.md "Layouts").
    const std::string layer = "model.layers." + std::to_string(spec.layer) + ".";
    auto qkv = [&](const char* suffix) -> std::vector<SourcePart> {
        return {{layer + "self_attn.q_proj." + suffix, q_width(c)},
                {layer + "self_attn.k_proj." + suffix, kv_width(c)},
                {layer + "self_attn.v_proj." + suffix, kv_width(c)}};
    };
    auto one = [&](std::string name) { return std::vector<SourcePart>{{std::move(name), rows}}; };
    switch (spec.role) {
    case TensorRole::Embedding:
        return one("model.embed_tokens.weight");
    case TensorRole::Output:
        return one("lm_head.weight");
    case TensorRole::OutputNorm:
        return one("model.norm.weight");
    case TensorRole::AttnNorm:
        return one(layer + "input_layernorm.weight");
    case TensorRole::Qkv:
        return qkv("weight");
    case TensorRole::QkvBias:
        return qkv("bias");
    case TensorRole::AttnOut:
        return one(layer + "self_attn.o_proj.weight");
    case TensorRole::FfnNorm:
        return one(layer + "post_attention_layernorm.weight");
    case TensorRole::FfnUp:
        return one(layer + "mlp.gate_up_proj.weight"); // gate half first
    case TensorRole::FfnDown:
        return one(layer + "mlp.down_proj.weight");
    case TensorRole::AttnPostNorm: // Glm4ForCausalLM's sandwich norms
        return one(layer + "post_self_attn_layernorm.weight");
    case TensorRole::FfnPostNorm:
        return one(layer + "post_mlp_layernorm.weight");
    default:
        return {}; // LayerNorm biases and GLM1's linear biases: not in this layout
    }
}

ConversionPlan plan_conversion(const HfModel& model, const CheckpointFiles& files, TensorType type,
                               std::optional<TensorType> embedding_type) {
    const ModelConfig& config = model.config;
    const int quantization_bits = model.quantization_bits;
    if (!is_supported(type))
        throw Error(ErrorKind::InvalidArgument, std::string("cannot convert to ") +
                                                    to_string(type) +
                                                    ": choose q4_0, q8_0, f16 or f32.");
    ConversionPlan plan;
    plan.type = type;
    plan.embedding_type = embedding_type.value_or(
        type == TensorType::Q4_0 || type == TensorType::Q8_0 ? TensorType::Q8_0 : type);
    if (!is_supported(plan.embedding_type))
        throw Error(ErrorKind::InvalidArgument, std::string("cannot store the embedding as ") +
                                                    to_string(plan.embedding_type) +
                                                    ": choose q4_0, q8_0, f16 or f32.");
    plan.file_type = file_type_of(type);
    std::vector<std::string> used;
    int official_bits_seen = 0;

    // The output type (the quantization policy), then the tensor joins the plan.
    auto finish = [&](PlannedTensor& p, TensorSpec& spec) {
        const bool embedding =
            spec.role == TensorRole::Embedding || spec.role == TensorRole::Output;
        p.type = !spec.is_matrix() ? TensorType::F32 : embedding ? plan.embedding_type : type;
        if (spec.dims[0] % block_elements(p.type))
            throw Error(ErrorKind::InvalidArgument,
                        "Tensor " + spec.name + " has rows of " + std::to_string(spec.dims[0]) +
                            " elements, which " + to_string(p.type) +
                            " cannot store (it needs whole blocks of " +
                            std::to_string(block_elements(p.type)) +
                            "). Convert this model with --type f16 or f32.");
        p.spec = std::move(spec);
        plan.parameters += p.spec.elements();
        plan.input_bytes += p.input_bytes();
        plan.tensors.push_back(std::move(p));
    };

    for (TensorSpec& spec : model_tensors(config)) {
        PlannedTensor p;
        const bool embedding =
            spec.role == TensorRole::Embedding || spec.role == TensorRole::Output;
        const std::vector<SourcePart> parts = source_parts(model, spec);
        if (parts.size() != 1) {
            plan_fused(p, spec, parts, files, used);
            finish(p, spec);
            continue;
        }
        p.hf_name = parts.front().name;
        const LocatedTensor* src = files.find(p.hf_name);
        if (!src)
            throw Error(ErrorKind::InvalidFile,
                        "The checkpoint lacks tensor " + p.hf_name + " (" + spec.name +
                            "), which this " + to_string(config.generation) +
                            " configuration needs. Is a shard missing or the config.json wrong?");
        used.push_back(p.hf_name);
        p.source = *src;
        const SourceTensor& t = *src->tensor;
        const auto expected = reversed(spec.dims);
        const std::string scale_name = p.hf_name.substr(0, p.hf_name.size() - 6) + "weight_scale";
        const LocatedTensor* scale = spec.is_matrix() ? files.find(scale_name) : nullptr;
        if (t.dtype == SourceDType::I8 && scale) {
            // Official INT4/INT8 (docs/architectures.md#official-int4int8-weights): codes
            // [out, in/2] or [out, in] plus fp16 scales [out].
            used.push_back(scale_name);
            const uint64_t out = spec.dims[1], in = spec.dims[0];
            if (t.shape.size() != 2 || t.shape[0] != out ||
                (t.shape[1] != in && t.shape[1] * 2 != in))
                throw Error(ErrorKind::InvalidFile,
                            where(*src) + ": quantized tensor " + p.hf_name + " has shape " +
                                shape_string(t.shape) + "; config.json implies [" +
                                std::to_string(out) + ", " + std::to_string(in) + "] (INT8) or [" +
                                std::to_string(out) + ", " + std::to_string(in / 2) + "] (INT4).");
            p.official_bits = t.shape[1] == in ? 8 : 4;
            if (quantization_bits && quantization_bits != p.official_bits)
                throw Error(ErrorKind::InvalidFile,
                            where(*src) + ": tensor " + p.hf_name + " holds INT" +
                                std::to_string(p.official_bits) +
                                " codes but config.json says quantization_bit " +
                                std::to_string(quantization_bits) + ".");
            const SourceTensor& s = *scale->tensor;
            if (s.dtype != SourceDType::F16 || s.shape != std::vector<uint64_t>{out})
                throw Error(ErrorKind::InvalidFile,
                            where(*scale) + ": " + scale_name + " should be float16 [" +
                                std::to_string(out) + "], not " + to_string(s.dtype) + " " +
                                shape_string(s.shape) + ".");
            p.scale = *scale;
            official_bits_seen = p.official_bits;
        } else {
            if (!is_float(t.dtype))
                throw Error(ErrorKind::InvalidFile,
                            where(*src) + ": tensor " + p.hf_name + " is " + to_string(t.dtype) +
                                ", an unsupported dtype (float16, bfloat16 or float32 expected" +
                                (spec.is_matrix() ? ", or int8 with a weight_scale" : "") + ").");
            if (t.shape != expected)
                throw Error(ErrorKind::InvalidFile, where(*src) + ": tensor " + p.hf_name +
                                                        " has shape " + shape_string(t.shape) +
                                                        " but config.json implies " +
                                                        shape_string(expected) + ".");
            if (quantization_bits && spec.is_matrix() && !embedding)
                throw Error(ErrorKind::InvalidFile, where(*src) +
                                                        ": config.json says quantization_bit " +
                                                        std::to_string(quantization_bits) +
                                                        " but " + p.hf_name + " is not quantized.");
        }
        if (spec.role == TensorRole::Embedding && config.tied_head) {
            // ChatGLM-6B stores lm_head although it is tied to the embedding
            // (docs/architectures.md#checkpoint-quirks).
            if (const LocatedTensor* head = files.find("lm_head.weight")) {
                used.push_back("lm_head.weight");
                const SourceTensor& h = *head->tensor;
                if (h.dtype != t.dtype || h.shape != t.shape)
                    plan.warnings.push_back("lm_head.weight (" + std::string(to_string(h.dtype)) +
                                            " " + shape_string(h.shape) +
                                            ") differs from the word embeddings; it is "
                                            "ignored, as the official model ties the two.");
                else if (head->shard != src->shard || h.offset != t.offset)
                    p.duplicate = *head; // compared byte for byte while converting
            }
        }
        finish(p, spec);
    }

    // Every tensor of the checkpoint must be accounted for: an unknown one (a P-tuning prefix, a
    // different architecture) would otherwise be silently dropped.
    std::sort(used.begin(), used.end());
    std::vector<std::string> unknown;
    for (const auto& [name, located] : files.tensors()) {
        if (std::binary_search(used.begin(), used.end(), name)) continue;
        const bool rotary = name.size() > 9 && name.compare(name.size() - 9, 9, ".inv_freq") == 0;
        if (rotary || (config.tied_head && name == "lm_head.weight")) continue; // recomputed / tied
        unknown.push_back(name);
    }
    if (!unknown.empty()) {
        std::string list;
        for (size_t i = 0; i < unknown.size() && i < 5; ++i) list += (i ? ", " : "") + unknown[i];
        if (unknown.size() > 5) list += " and " + std::to_string(unknown.size() - 5) + " more";
        throw Error(ErrorKind::InvalidFile, "The checkpoint holds tensors that a " +
                                                std::string(to_string(config.generation)) +
                                                " model does not have: " + list +
                                                ". Is this a different architecture "
                                                "or a fine-tuning add-on (P-tuning prefix)?");
    }

    plan.format = files.format();
    if (official_bits_seen) plan.format += "-int" + std::to_string(official_bits_seen);
    const std::string head = config.tied_head ? "token embedding (also the output head) "
                                              : "token embedding and output ";
    plan.description = std::string("attention and FFN weights ") + to_string(type) + "; " + head +
                       to_string(plan.embedding_type) + "; norms and biases F32";
    if (official_bits_seen)
        plan.description += quant::official_is_lossless(official_bits_seen, type)
                                ? "; repacked losslessly from the official INT" +
                                      std::to_string(official_bits_seen) + " weights"
                                : "; converted from the official INT" +
                                      std::to_string(official_bits_seen) + " weights";
    return plan;
}

} // namespace glm
