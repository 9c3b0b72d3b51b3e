// convert.h: Hugging Face checkpoint folder -> one GGUF file, streamed tensor by tensor.
#include "convert/checkpoint_files.h"
#include "convert/hf_config.h"
#include "convert/tensor_plan.h"
#include "convert/tensor_stream.h"
#include "formats/gguf.h"
#include "formats/gguf_writer.h"
#include "glm/convert.h"
#include "glm/error.h"
#include "models/model_config.h"
#include "tokenizer/factories.h"

#include <atomic>
#include <chrono>
#include <random>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

namespace glm {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMaxTokenizerBytes = 64u << 20;

struct Prepared {
    HfModel model;
    CheckpointFiles files;
    ConversionPlan plan;
};

Prepared prepare(const fs::path& dir, const ConvertOptions& options) {
    HfModel model = read_hf_model(dir, options.generation);
    CheckpointFiles files = CheckpointFiles::open(dir);
    ConversionPlan plan = plan_conversion(model, files, options.type, options.embedding_type);
    return {std::move(model), std::move(files), std::move(plan)};
}

void write_header(GgufWriter& w, const Prepared& p) {
    const ModelConfig& c = p.model.config;
    write_model_config(w, c);
    if (c.has_tokenizer) {
        const std::string bytes = read_small_file(p.model.tokenizer_file, kMaxTokenizerBytes);
        if (c.tokenizer_model == tok::kHfBpeJsonTokenizerModel) {
            // Read it now: a broken tokenizer.json is named here, not when the model is loaded.
            try {
                tok::make_hf_bpe_json_tokenizer(
                    {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
            } catch (const Error& e) {
                throw Error(e.kind(), p.model.tokenizer_file.string() + ": " + e.what());
            }
        }
        w.set_string("tokenizer.ggml.model", c.tokenizer_model);
        w.set_bytes("tokenizer.glm.file",
                    {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
    }
    w.set_u32("general.file_type", p.plan.file_type);
    bool quantized = false;
    for (const auto& t : p.plan.tensors)
        quantized |= t.type == TensorType::Q4_0 || t.type == TensorType::Q8_0;
    if (quantized) w.set_u32("general.quantization_version", 2);
    w.set_string("glm.quantization", p.plan.description);
    w.set_string("glm.source_format", p.plan.format);
    for (const auto& t : p.plan.tensors) w.add_tensor(t.spec.name, t.spec.dims, t.type);
}

fs::path partial_path(const fs::path& output) {
    return fs::path(output.string() + ".partial");
}

std::string gigabytes(uint64_t bytes) {
    char s[32];
    std::snprintf(s, sizeof s, "%.2f GB", double(bytes) / 1e9);
    return s;
}

// Re-reads what was written: the metadata must parse into the same configuration and every
// tensor must be where and what the plan says.
void validate_output(const fs::path& path, const Prepared& p, uint64_t expected_size) {
    std::error_code ec;
    const uint64_t size = fs::file_size(path, ec);
    if (ec || size != expected_size)
        throw Error(ErrorKind::Io, "The written file " + path.string() + " has " +
                                       std::to_string(size) + " bytes instead of " +
                                       std::to_string(expected_size) + ".");
    const GgufFile g = GgufFile::open(path);
    const ModelConfig c = read_model_config(g);
    const ModelConfig& want = p.model.config;
    if (c.generation != want.generation || c.hidden != want.hidden || c.layers != want.layers ||
        c.vocab != want.vocab || c.ffn != want.ffn || c.heads != want.heads ||
        c.kv_heads != want.kv_heads || c.has_tokenizer != want.has_tokenizer)
        throw Error(ErrorKind::InvalidFile,
                    path.string() + ": the written configuration does not read back the same.");
    if (g.tensors().size() != p.plan.tensors.size())
        throw Error(ErrorKind::InvalidFile,
                    path.string() + ": the written file lists the wrong number of tensors.");
    for (size_t i = 0; i < g.tensors().size(); ++i) {
        const auto& got = g.tensors()[i];
        const auto& want_t = p.plan.tensors[i];
        if (got.name != want_t.spec.name || got.dims != want_t.spec.dims || got.type != want_t.type)
            throw Error(ErrorKind::InvalidFile, path.string() + ": tensor " + want_t.spec.name +
                                                    " did not read back the same.");
    }
}

void refuse_overwriting(const fs::path& output, const fs::path& input) {
    std::error_code ec;
    if (!input.empty() && fs::exists(output, ec) && fs::equivalent(output, input, ec))
        throw Error(ErrorKind::InvalidArgument, "The output " + output.string() +
                                                    " is one of the checkpoint's own files; "
                                                    "choose another name.");
}

void sync_directory(const fs::path& dir) {
#ifndef _WIN32
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    (void)dir;
#endif
}

} // namespace

std::string tokenizer_file_name(Generation generation) {
    return generation == Generation::Glm1 ? "ice_text.model" : "tokenizer.model";
}

CheckpointInfo inspect_checkpoint(const fs::path& directory, std::optional<Generation> generation) {
    ConvertOptions options;
    options.generation = generation;
    Prepared p = prepare(directory, options);
    CheckpointInfo info;
    info.directory = directory;
    info.config = p.model.config;
    info.format = p.plan.format;
    info.input_bytes = p.plan.input_bytes;
    info.parameters = p.plan.parameters;
    info.has_tokenizer = p.model.config.has_tokenizer;
    for (const auto& s : p.files.shards()) info.files.push_back(s->path);
    info.warnings = p.model.warnings;
    info.warnings.insert(info.warnings.end(), p.plan.warnings.begin(), p.plan.warnings.end());
    return info;
}

uint64_t converted_size(const CheckpointInfo& info, const ConvertOptions& options) {
    ConvertOptions o = options;
    o.generation = info.config.generation;
    const Prepared p = prepare(info.directory, o);
    // The header's size is whatever GgufWriter writes for it: write it to a scratch file.
    std::random_device rd;
    const fs::path tmp = fs::temp_directory_path() / ("glm-size-" + std::to_string(rd()) + ".gguf");
    uint64_t size = 0;
    try {
        GgufWriter w(tmp);
        write_header(w, p);
        w.begin_data();
        size = w.total_bytes();
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    std::error_code ec;
    fs::remove(tmp, ec);
    return size;
}

ConvertResult convert_checkpoint(const fs::path& directory, const fs::path& output,
                                 const ConvertOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    Prepared p = prepare(directory, options);
    ConvertResult result;
    result.output = output;
    result.input_bytes = p.plan.input_bytes;
    auto warn = [&](const std::string& w) {
        result.warnings.push_back(w);
        if (options.warning) options.warning(w);
    };
    for (const auto& w : p.model.warnings) warn(w);
    for (const auto& w : p.plan.warnings) warn(w);

    // Never replace one of the files being read (the user's checkpoint) with the output.
    for (const fs::path& input : {directory / "config.json", p.model.tokenizer_file})
        refuse_overwriting(output, input);
    for (const auto& shard : p.files.shards()) refuse_overwriting(output, shard->path);

    const fs::path partial = partial_path(output);
    uint64_t done = 0;
    const uint64_t total = p.plan.input_bytes;
    auto consumed = [&](uint64_t bytes) {
        done += bytes;
        if (options.progress) options.progress(done, total);
        if (options.cancel && options.cancel->load())
            throw Error(ErrorKind::Cancelled, "The conversion was cancelled.");
    };
    try {
        uint64_t expected = 0;
        {
            GgufWriter w(partial);
            write_header(w, p);
            w.begin_data();
            expected = w.total_bytes();
            std::error_code ec;
            const auto space = fs::space(
                partial.parent_path().empty() ? fs::path(".") : partial.parent_path(), ec);
            if (!ec && space.available < expected - w.bytes_written())
                throw Error(ErrorKind::Io, "Not enough disk space for " + output.string() +
                                               ": it needs " + gigabytes(expected) + ", " +
                                               gigabytes(space.available) + " are free.");
            consumed(0);
            TensorStreamer streamer(options.threads);
            for (const PlannedTensor& t : p.plan.tensors)
                if (!streamer.stream(t, w, consumed))
                    warn("lm_head.weight differs from the word embeddings; the converted model "
                         "uses the embeddings "
                         "for both, as the official code ties them.");
            w.finish();
        }
        validate_output(partial, p, expected);
        std::error_code ec;
        fs::rename(partial, output, ec);
        if (ec)
            throw Error(ErrorKind::Io, "Cannot move the converted model into place as " +
                                           output.string() + ": " + ec.message() + ".");
        sync_directory(output.parent_path());
        result.output_bytes = expected;
    } catch (...) {
        std::error_code ec;
        fs::remove(partial, ec);
        throw;
    }
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace glm
