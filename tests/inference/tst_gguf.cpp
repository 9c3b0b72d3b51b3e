// GGUF writing and reading: round trips, the model configuration keys, and hostile files.
#include "formats/gguf.h"
#include "formats/gguf_writer.h"
#include "glm/error.h"
#include "models/model_config.h"
#include "test_files.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <random>

using namespace glm;

namespace {

ModelConfig tiny_glm1() {
    ModelConfig c;
    c.generation = Generation::Glm1;
    c.hidden = 64;
    c.layers = 2;
    c.heads = 4;
    c.kv_heads = 4;
    c.head_dim = 16;
    c.ffn = 256;
    c.vocab = 40;
    c.context_length = 128;
    c.norm_eps = 1e-5f;
    c.rope_dims = 8;
    c.tied_head = true;
    c.bos_id = 2;
    c.gmask_id = 1;
    c.mask_id = 0;
    c.eos_ids = {3};
    c.chat_format = "glm1";
    return c;
}

// Writes `cfg` with deterministic tensor contents; returns the bytes written per tensor.
std::map<std::string, std::vector<uint8_t>>
write_model(const std::filesystem::path& path, const ModelConfig& cfg, TensorType matrix_type) {
    GgufWriter w(path);
    write_model_config(w, cfg);
    std::vector<uint8_t> tok = {1, 2, 3, 250};
    w.set_bytes("tokenizer.glm.file", tok);
    w.set_string("tokenizer.ggml.model", "glm-spm");
    std::map<std::string, std::vector<uint8_t>> data;
    std::mt19937 rng(1);
    auto specs = model_tensors(cfg);
    for (const auto& s : specs) {
        TensorType t = s.is_matrix() ? matrix_type : TensorType::F32;
        w.add_tensor(s.name, s.dims, t);
        uint64_t n = 1;
        for (auto d : s.dims) n *= d;
        std::vector<uint8_t> bytes(row_bytes(t, n));
        for (auto& b : bytes) b = uint8_t(rng());
        data[s.name] = bytes;
    }
    w.begin_data();
    for (const auto& s : specs) {
        const auto& b = data[s.name];
        // write in uneven pieces to exercise streaming
        size_t half = b.size() / 3;
        w.write({b.data(), half});
        w.write({b.data() + half, b.size() - half});
    }
    w.finish();
    return data;
}

void expect_invalid(std::span<const uint8_t> bytes, const char* why) {
    try {
        GgufFile::parse(bytes, "bad.gguf");
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::InvalidFile)
            QFAIL(qPrintable(QString("%1: wrong error kind: %2").arg(why, e.what())));
        QVERIFY2(QString(e.what()).startsWith("bad.gguf"), e.what());
        return;
    }
    QFAIL(qPrintable(QString("accepted a bad file: %1").arg(why)));
}

} // namespace

class TestGguf : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

private slots:
    void roundTrip() {
        auto path = std::filesystem::path(dir.path().toStdString()) / "m.gguf";
        for (TensorType t :
             {TensorType::F32, TensorType::F16, TensorType::Q8_0, TensorType::Q4_0}) {
            auto cfg = tiny_glm1();
            auto data = write_model(path, cfg, t);
            GgufFile f = GgufFile::open(path);
            QCOMPARE(f.version(), 3u);
            ModelConfig back = read_model_config(f);
            QCOMPARE(back.hidden, cfg.hidden);
            QCOMPARE(back.layers, cfg.layers);
            QCOMPARE(back.vocab, cfg.vocab);
            QCOMPARE(back.bos_id, 2);
            QCOMPARE(back.gmask_id, 1);
            QCOMPARE(back.eos_ids, std::vector<int32_t>{3});
            QVERIFY(back.tied_head);
            QVERIFY(back.has_tokenizer);
            QCOMPARE(back.chat_format, std::string("glm1"));
            QCOMPARE(f.get_bytes("tokenizer.glm.file")->size(), size_t(4));
            QCOMPARE(f.tensors().size(), data.size());
            for (const auto& ti : f.tensors()) {
                auto span = f.tensor_data(ti);
                const auto& want = data.at(ti.name);
                QCOMPARE(span.size(), want.size());
                QVERIFY(std::memcmp(span.data(), want.data(), want.size()) == 0);
                QCOMPARE(ti.offset % 32, uint64_t(0));
            }
            QCOMPARE(f.tensor("blk.1.ffn_up.weight")->dims, (std::vector<uint64_t>{64, 256}));
            QCOMPARE(f.tensor("blk.1.ffn_up.weight")->type, t);
        }
    }

    void realShapesOfChatGlm6b() {
        // The published checkpoint has 368 tensors: 28 × 12 per layer + embedding + final norm
        // (2) + 28 inv_freq buffers + the duplicated lm_head; we store neither of the last two.
        ModelConfig c = tiny_glm1();
        c.hidden = 4096;
        c.layers = 28;
        c.heads = 32;
        c.kv_heads = 32;
        c.head_dim = 128;
        c.ffn = 16384;
        c.vocab = 130528;
        c.context_length = 2048;
        c.rope_dims = 64;
        c.bos_id = 130004;
        c.gmask_id = 130001;
        c.mask_id = 130000;
        c.eos_ids = {130005};
        auto specs = model_tensors(c);
        QCOMPARE(specs.size(), size_t(368 - 28 - 1));
        uint64_t params = 0;
        for (auto& s : specs) {
            uint64_t n = 1;
            for (auto d : s.dims) n *= d;
            params += n;
        }
        QCOMPARE(params, uint64_t(6173286400)); // docs/architectures.md#tensors
    }

    void wrongArchitectureIsNamed() {
        auto path = std::filesystem::path(dir.path().toStdString()) / "llama.gguf";
        GgufWriter w(path);
        w.set_string("general.architecture", "llama");
        w.add_tensor("token_embd.weight", {64, 10}, TensorType::F32);
        w.begin_data();
        std::vector<uint8_t> z(64 * 10 * 4);
        w.write(z);
        w.finish();
        GgufFile f = GgufFile::open(path);
        try {
            read_model_config(f);
            QFAIL("accepted a llama model");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("llama"));
        }
    }

    void truncatedAtEveryLength() {
        auto path = std::filesystem::path(dir.path().toStdString()) / "t.gguf";
        write_model(path, tiny_glm1(), TensorType::Q4_0);
        auto bytes = test::read_file(path);
        // Every prefix shorter than the file must be rejected (or, if it still holds every
        // tensor completely, accepted): never a crash. Step through the header byte by byte.
        GgufFile whole = GgufFile::parse(bytes, "bad.gguf");
        uint64_t end_of_data = 0;
        for (auto& t : whole.tensors()) end_of_data = std::max(end_of_data, t.offset + t.bytes);
        for (size_t n = 0; n < bytes.size(); n += (n < 4096 ? 1 : 97)) {
            std::span<const uint8_t> prefix(bytes.data(), n);
            if (n >= end_of_data) {
                GgufFile::parse(prefix, "bad.gguf");
                continue;
            }
            expect_invalid(prefix, "truncated");
        }
    }

    void hostileHeaders() {
        auto path = std::filesystem::path(dir.path().toStdString()) / "h.gguf";
        write_model(path, tiny_glm1(), TensorType::F32);
        const auto good = test::read_file(path);
        auto patched = [&](size_t offset, const void* v, size_t n) {
            auto b = good;
            std::memcpy(b.data() + offset, v, n);
            return b;
        };
        uint32_t bad_magic = 0x12345678;
        expect_invalid(patched(0, &bad_magic, 4), "magic");
        uint32_t version = 99;
        expect_invalid(patched(4, &version, 4), "version");
        uint64_t huge = ~uint64_t(0) / 2;
        expect_invalid(patched(8, &huge, 8), "tensor count");
        expect_invalid(patched(16, &huge, 8), "kv count");
        // First key: its length field at offset 24.
        expect_invalid(patched(24, &huge, 8), "key length");
        // Corrupt the first value type (after the first key string).
        uint64_t klen;
        std::memcpy(&klen, good.data() + 24, 8);
        uint32_t bad_type = 77;
        expect_invalid(patched(32 + klen, &bad_type, 4), "value type");

        // Tensor info corruptions: find the first tensor's name and patch what follows it.
        GgufFile f = GgufFile::parse(good, "bad.gguf");
        const std::string first = f.tensors().front().name;
        auto it = std::search(good.begin(), good.end(), first.begin(), first.end());
        const size_t info = size_t(it - good.begin()) + first.size(); // n_dims follows the name
        uint32_t ndims = 9;
        expect_invalid(patched(info, &ndims, 4), "ndims");
        uint64_t zero_dim = 0;
        expect_invalid(patched(info + 4, &zero_dim, 8), "zero dim");
        uint64_t big_dim = uint64_t(1) << 39;
        expect_invalid(patched(info + 4, &big_dim, 8), "dim beyond file");
        uint32_t type = 12; // Q4_K: not supported here, named in the error
        try {
            GgufFile::parse(patched(info + 4 + 16, &type, 4), "bad.gguf");
            QFAIL("accepted an unsupported type");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("type 12"));
        }
        uint64_t offset = 1ull << 40;
        expect_invalid(patched(info + 4 + 16 + 4, &offset, 8), "offset beyond end");
        uint64_t unaligned = 8;
        expect_invalid(patched(info + 4 + 16 + 4, &unaligned, 8), "unaligned");
        // Point the first tensor at the second one's data: overlap.
        uint64_t second = f.tensors()[1].offset - (f.tensors()[0].offset - 0);
        expect_invalid(patched(info + 4 + 16 + 4, &second, 8), "overlap");
    }

    void randomBytesNeverCrash() {
        std::mt19937 rng(3);
        auto path = std::filesystem::path(dir.path().toStdString()) / "r.gguf";
        write_model(path, tiny_glm1(), TensorType::Q8_0);
        const auto good = test::read_file(path);
        for (int i = 0; i < 3000; ++i) {
            auto b = good;
            const int flips = 1 + int(rng() % 4);
            for (int k = 0; k < flips; ++k)
                b[rng() % std::min<size_t>(b.size(), 2048)] = uint8_t(rng());
            try {
                GgufFile f = GgufFile::parse(b, "fuzz.gguf");
                (void)read_model_config(f);
            } catch (const Error&) {
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestGguf)
#include "tst_gguf.moc"
