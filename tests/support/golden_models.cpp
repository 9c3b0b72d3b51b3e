#include "golden_models.h"

#include "formats/gguf_writer.h"
#include "models/model_config.h"
#include "quant/quantize.h"
#include "test_files.h"

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <stdexcept>

namespace glm::test {

namespace {

class Reader {
public:
    explicit Reader(std::vector<uint8_t> b) : bytes_(std::move(b)) {}
    std::vector<float> floats(size_t n) {
        std::vector<float> v(n);
        take(v.data(), n * 4);
        return v;
    }
    std::vector<int32_t> ints(size_t n) {
        std::vector<int32_t> v(n);
        take(v.data(), n * 4);
        return v;
    }
    bool at_end() const { return pos_ == bytes_.size(); }

private:
    void take(void* dst, size_t n) {
        if (pos_ + n > bytes_.size()) throw std::runtime_error("golden file too short");
        std::memcpy(dst, bytes_.data() + pos_, n);
        pos_ += n;
    }
    std::vector<uint8_t> bytes_;
    size_t pos_ = 0;
};

void write_tensors(GgufWriter& w, const ModelConfig& c,
                   const std::map<std::string, std::vector<float>>& t, TensorType type,
                   TensorType emb_type) {
    auto specs = model_tensors(c);
    auto type_of = [&](const TensorSpec& s) {
        if (!s.is_matrix()) return TensorType::F32;
        if (s.name == tensor_names::token_embd || s.name == tensor_names::output) return emb_type;
        return type;
    };
    for (const auto& s : specs) w.add_tensor(s.name, s.dims, type_of(s));
    w.begin_data();
    for (const auto& s : specs) {
        const auto& v = t.at(s.name);
        const TensorType tt = type_of(s);
        const uint64_t row = s.dims[0];
        std::vector<uint8_t> bytes(row_bytes(tt, row));
        for (uint64_t r = 0; r < v.size() / row; ++r) {
            quant::quantize_row(tt, v.data() + r * row, row, bytes.data());
            w.write(bytes);
        }
    }
    w.finish();
}

} // namespace

GoldenSteps write_golden_gguf(const std::string& gen, const std::filesystem::path& out,
                              TensorType type) {
    Reader r(read_file(conformance_dir() / (gen + "_model.data")));
    ModelConfig c;
    c.hidden = 32;
    c.heads = 8;
    c.head_dim = 4;
    c.layers = 1;
    c.vocab = 5;
    c.context_length = 64;
    c.rope_dims = 2;
    std::map<std::string, std::vector<float>> t;
    using tensor_names::layer;
    if (gen == "glm") {
        c.generation = Generation::Glm1;
        c.kv_heads = 8;
        c.ffn = 128;
        c.norm_eps = 1e-5f;
        c.tied_head = true;
        c.gmask_id = 1;
        c.bos_id = 2;
        c.chat_format = "glm1";
        t[tensor_names::token_embd] = r.floats(5 * 32);
        t[layer(0, "attn_norm.weight")] = r.floats(32);
        t[layer(0, "attn_norm.bias")] = r.floats(32);
        t[layer(0, "attn_qkv.weight")] = r.floats(96 * 32);
        t[layer(0, "attn_qkv.bias")] = r.floats(96);
        t[layer(0, "attn_output.weight")] = r.floats(32 * 32);
        t[layer(0, "attn_output.bias")] = r.floats(32);
        t[layer(0, "ffn_norm.weight")] = r.floats(32);
        t[layer(0, "ffn_norm.bias")] = r.floats(32);
        t[layer(0, "ffn_up.weight")] = r.floats(128 * 32);
        t[layer(0, "ffn_up.bias")] = r.floats(128);
        t[layer(0, "ffn_down.weight")] = r.floats(32 * 128);
        t[layer(0, "ffn_down.bias")] = r.floats(32);
        t[tensor_names::output_norm] = r.floats(32);
        t[tensor_names::output_norm_bias] = r.floats(32);
    } else {
        c.generation = gen == "glm4"   ? Generation::Glm4
                       : gen == "glm3" ? Generation::Glm3
                                       : Generation::Glm2;
        c.kv_heads = 2;
        c.ffn = 48;
        c.norm_eps = gen == "glm4" ? 1.5625e-7f : 1e-5f;
        c.rope_base = gen == "glm4" ? 5e6f : 10000.0f;
        c.tied_head = false;
        c.chat_format = gen;
        t[tensor_names::token_embd] = r.floats(5 * 32);
        t[layer(0, "attn_norm.weight")] = r.floats(32);
        t[layer(0, "attn_qkv.weight")] = r.floats(48 * 32);
        t[layer(0, "attn_qkv.bias")] = r.floats(48);
        t[layer(0, "attn_output.weight")] = r.floats(32 * 32);
        t[layer(0, "ffn_norm.weight")] = r.floats(32);
        t[layer(0, "ffn_up.weight")] = r.floats(96 * 32);
        t[layer(0, "ffn_down.weight")] = r.floats(32 * 48);
        t[tensor_names::output_norm] = r.floats(32);
        // The golden data has no output layer (these generations do not tie it): reuse the
        // embedding so a complete model file can be written; the tests compare hidden states.
        t[tensor_names::output] = t[tensor_names::token_embd];
    }
    GoldenSteps g;
    g.x1 = r.ints(3);
    g.y1 = r.floats(3 * 32);
    g.x2 = r.ints(1);
    g.y2 = r.floats(32);
    g.x3 = r.ints(1);
    g.y3 = r.floats(32);
    if (!r.at_end()) throw std::runtime_error("golden file longer than expected");
    g.embedding = t[tensor_names::token_embd];
    GgufWriter w(out);
    write_model_config(w, c);
    write_tensors(w, c, t, type, type);
    return g;
}

void write_random_gguf(const ModelConfig& c, const std::filesystem::path& out, TensorType type,
                       TensorType embedding_type, uint32_t seed,
                       const std::filesystem::path& tokenizer_file) {
    std::mt19937 rng(seed);
    std::map<std::string, std::vector<float>> t;
    for (const auto& s : model_tensors(c)) {
        uint64_t n = 1;
        for (auto d : s.dims) n *= d;
        std::vector<float> v(n);
        const bool norm_weight = !s.is_matrix() && s.name.find("norm.weight") != std::string::npos;
        // Scale matrices by 1/sqrt(fan-in) so activations stay O(1) through the layers.
        const float scale = s.is_matrix() ? 1.0f / std::sqrt(float(s.dims[0])) : 0.1f;
        std::uniform_real_distribution<float> u(-scale, scale);
        for (auto& x : v) x = norm_weight ? 1.0f + u(rng) : u(rng) * (s.is_matrix() ? 1.7f : 1.0f);
        if (s.name == tensor_names::token_embd)
            for (auto& x : v) x *= 20.0f; // embeddings are not normalised by fan-in
        t[s.name] = std::move(v);
    }
    GgufWriter w(out);
    write_model_config(w, c);
    if (!tokenizer_file.empty()) {
        auto bytes = read_file(tokenizer_file);
        w.set_string("tokenizer.ggml.model",
                     uses_glm4_vocabulary(c.generation) ? "glm4-tiktoken" : "glm-spm");
        w.set_bytes("tokenizer.glm.file", bytes);
    }
    write_tensors(w, c, t, type, embedding_type);
}

void write_nan_gguf(const ModelConfig& c, const std::filesystem::path& out) {
    std::map<std::string, std::vector<float>> t;
    for (const auto& s : model_tensors(c)) {
        uint64_t n = 1;
        for (auto d : s.dims) n *= d;
        const bool final_norm = s.name.rfind("output_norm", 0) == 0;
        t[s.name] = std::vector<float>(n, final_norm ? std::nanf("") : 0.01f);
    }
    GgufWriter w(out);
    write_model_config(w, c);
    write_tensors(w, c, t, TensorType::F32, TensorType::F32);
}

ModelConfig chat_test_config(const std::string& gen) {
    ModelConfig c;
    c.hidden = 128;
    c.head_dim = 32;
    c.rope_dims = 16;
    c.layers = 2;
    c.context_length = 512;
    c.norm_eps = 1e-5f;
    if (gen == "glm1") {
        // tests/data/tokenizer/glm1_test.model: <pad>=3, [MASK]=5, [gMASK]=6, <sop>=9, <eop>=10
        c.generation = Generation::Glm1;
        c.heads = c.kv_heads = 4;
        c.ffn = 512;
        c.vocab = 1216;
        c.tied_head = true;
        c.mask_id = 5;
        c.gmask_id = 6;
        c.bos_id = 9;
        c.eos_ids = {10};
        c.pad_id = 3;
        c.chat_format = "glm1";
    } else {
        // tests/data/tokenizer/glm2_test.model + GLM3 specials from 1100: [gMASK]=1101, sop=1103,
        // <|user|>=1106, <|observation|>=1108; </s>=2
        c.generation = Generation::Glm3;
        c.heads = 4;
        c.kv_heads = 2;
        c.ffn = 352;
        c.vocab = 1120;
        c.tied_head = false;
        c.mask_id = 1100;
        c.gmask_id = 1101;
        c.bos_id = 1103;
        c.eos_ids = {2, 1106, 1108};
        c.chat_format = "glm3";
    }
    return c;
}

void write_chat_test_model(const std::string& gen, const std::filesystem::path& out,
                           TensorType type, uint32_t seed) {
    const auto tok =
        test_data_dir() / "tokenizer" / (gen == "glm1" ? "glm1_test.model" : "glm2_test.model");
    write_random_gguf(chat_test_config(gen), out, type, TensorType::Q8_0, seed, tok);
}

ModelConfig random_glm1_config() {
    ModelConfig c;
    c.generation = Generation::Glm1;
    c.hidden = 256;
    c.heads = 2;
    c.kv_heads = 2;
    c.head_dim = 128;
    c.layers = 3;
    c.ffn = 1024;
    c.vocab = 1000;
    c.context_length = 256;
    c.norm_eps = 1e-5f;
    c.rope_dims = 64;
    c.tied_head = true;
    c.mask_id = 990;
    c.gmask_id = 991;
    c.bos_id = 994;
    c.eos_ids = {995};
    c.pad_id = 3;
    c.chat_format = "glm1";
    return c;
}

ModelConfig random_glm2_config() {
    ModelConfig c;
    c.generation = Generation::Glm3;
    c.hidden = 256;
    c.heads = 4;
    c.kv_heads = 2;
    c.head_dim = 64;
    c.layers = 2;
    c.ffn = 352;
    c.vocab = 777;
    c.context_length = 256;
    c.norm_eps = 1e-5f;
    c.rope_dims = 32;
    c.tied_head = false;
    c.gmask_id = 770;
    c.bos_id = 772;
    c.eos_ids = {2, 775};
    c.chat_format = "glm3";
    return c;
}

ModelConfig random_glm4_0414_config() {
    ModelConfig c = random_glm2_config();
    c.generation = Generation::Glm4_0414;
    c.head_dim = 128; // q width 512 over hidden 256: o_proj's input is not hidden wide
    c.rope_dims = 64;
    c.rope_base = 10000.0f;
    c.chat_format = "glm4";
    return c;
}

} // namespace glm::test
