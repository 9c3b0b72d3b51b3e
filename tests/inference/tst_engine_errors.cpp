// Bad input to the engine: each a glm::Error that names the problem, never a crash; and
// stopping mid-generation returns within one decode step.
#include "cpu/cpu_model.h"
#include "formats/gguf.h"
#include "formats/gguf_writer.h"
#include "glm/chat_format.h"
#include "glm/error.h"
#include "glm/session.h"
#include "glm/tokenizer.h"
#include "golden_models.h"
#include "models/model_config.h"
#include "test_files.h"
#include "vulkan_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace glm;

namespace {

std::shared_ptr<ComputeDevice> gpu() {
    static std::shared_ptr<ComputeDevice> d = test::model_device();
    return d;
}

template <typename F> Error expect_error(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    throw std::runtime_error("expected a glm::Error");
}

} // namespace

class TestEngineErrors : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    std::filesystem::path good;
    std::filesystem::path file(const char* n) {
        return std::filesystem::path(dir.path().toStdString()) / n;
    }

private slots:
    void initTestCase() {
        good = file("good.gguf");
        test::write_random_gguf(test::random_glm1_config(), good, TensorType::Q4_0,
                                TensorType::Q8_0);
    }
    void cleanup() { GLM_VERIFY_NO_VALIDATION_ERRORS(); }

    void truncatedFile() {
        auto bytes = test::read_file(good);
        test::write_file(file("trunc.gguf"), bytes.data(), bytes.size() - 1000);
        Error e = expect_error([&] { Model::load(gpu(), file("trunc.gguf")); });
        QCOMPARE(e.kind(), ErrorKind::InvalidFile);
        QVERIFY2(QString(e.what()).contains("truncated"), e.what());
    }

    // The file shrinks while it loads (replaced, or cut by a full disk): reading past its new
    // end through the memory mapping would kill the process with SIGBUS.
    void fileTruncatedWhileLoading() {
        const auto shrinking = file("shrinking.gguf");
        std::filesystem::copy_file(good, shrinking);
        LoadOptions lo;
        bool cut = false;
        lo.progress = [&](uint64_t done, uint64_t) {
            if (cut || done == 0) return;
            cut = true; // after the first tensor
            std::filesystem::resize_file(shrinking, 4096);
        };
        Error e = expect_error([&] { Model::load(gpu(), shrinking, lo); });
        QVERIFY(cut);
        QCOMPARE(e.kind(), ErrorKind::Io);
        QVERIFY2(QString(e.what()).contains("shrinking.gguf") &&
                     QString(e.what()).contains("ended early"),
                 e.what());
    }

    void missingFile() {
        Error e = expect_error([&] { Model::load(gpu(), file("nope.gguf")); });
        QCOMPARE(e.kind(), ErrorKind::Io);
        QVERIFY(QString(e.what()).contains("nope.gguf"));
    }

    void wrongTensorShape() {
        // A GLM1 file whose first layer's QKV matrix has one row too few.
        ModelConfig c = test::random_glm1_config();
        GgufWriter w(file("shape.gguf"));
        write_model_config(w, c);
        for (auto s : model_tensors(c)) {
            if (s.name == "blk.0.attn_qkv.weight") s.dims[1] -= 1;
            w.add_tensor(s.name, s.dims, TensorType::F32);
        }
        w.begin_data();
        for (auto s : model_tensors(c)) {
            if (s.name == "blk.0.attn_qkv.weight") s.dims[1] -= 1;
            uint64_t n = 1;
            for (auto d : s.dims) n *= d;
            std::vector<float> v(n, 0.5f);
            w.write({reinterpret_cast<const uint8_t*>(v.data()), v.size() * 4});
        }
        w.finish();
        Error e = expect_error([&] { Model::load(gpu(), file("shape.gguf")); });
        QCOMPARE(e.kind(), ErrorKind::InvalidFile);
        QVERIFY2(QString(e.what()).contains("blk.0.attn_qkv.weight") &&
                     QString(e.what()).contains("[256, 767]"),
                 e.what());
    }

    void otherArchitecture() {
        GgufWriter w(file("llama.gguf"));
        w.set_string("general.architecture", "llama");
        w.finish();
        Error e = expect_error([&] { Model::load(gpu(), file("llama.gguf")); });
        QCOMPARE(e.kind(), ErrorKind::InvalidFile);
        QVERIFY(QString(e.what()).contains("llama"));
    }

    void notAModelAtAll() {
        std::string text = "this is not a model";
        test::write_file(file("text.gguf"), text.data(), text.size());
        Error e = expect_error([&] { Model::load(gpu(), file("text.gguf")); });
        QVERIFY(QString(e.what()).contains("GGUF"));
    }

    void eightBitCacheNeedsHeadsOf32Dimensions() {
        ModelConfig c = test::random_glm1_config();
        c.heads = c.kv_heads = 16;
        c.head_dim = 16;
        c.rope_dims = 8;
        test::write_random_gguf(c, file("small_heads.gguf"), TensorType::F32, TensorType::F32);
        auto model = Model::load(gpu(), file("small_heads.gguf"));
        Error e = expect_error([&] { Session s(model, SessionOptions{16, KvCacheType::Q8_0}); });
        QCOMPARE(e.kind(), ErrorKind::InvalidArgument);
        QVERIFY2(QString(e.what()).contains("multiple of 32") && QString(e.what()).contains("fp16"),
                 e.what());
        Session fine(model, SessionOptions{16, KvCacheType::F16}); // the default still works
        QCOMPARE(fine.context_length(), 16u);
    }

    void badIdsAndContexts() {
        auto model = Model::load(gpu(), good);
        Error e = expect_error([&] { Session s(model, SessionOptions{100000, KvCacheType::F16}); });
        QCOMPARE(e.kind(), ErrorKind::InvalidArgument);
        Session s(model, SessionOptions{16, KvCacheType::F16});
        std::vector<int32_t> out_of_vocab = {5, 1000, 991, 994};
        e = expect_error([&] { s.prefill(out_of_vocab); });
        QCOMPARE(e.kind(), ErrorKind::InvalidArgument);
        QVERIFY(QString(e.what()).contains("1000"));
        std::vector<int32_t> negative = {-3, 991, 994};
        QVERIFY_THROWS_EXCEPTION(Error, s.prefill(negative));
        // GLM1 needs [gMASK] ... <sop>
        std::vector<int32_t> no_mask = {5, 6, 7};
        e = expect_error([&] { s.prefill(no_mask); });
        QVERIFY(QString(e.what()).contains("[gMASK]"));
        // longer than the context
        std::vector<int32_t> long_prompt(20, 5);
        long_prompt.push_back(991);
        long_prompt.push_back(994);
        GenerateParams p;
        e = expect_error([&] { s.generate(long_prompt, p, [](int32_t) {}); });
        QCOMPARE(e.kind(), ErrorKind::ContextOverflow);
        // the session is still usable afterwards
        std::vector<int32_t> ok = {5, 6, 991, 994};
        QCOMPARE(s.prefill(ok).size(), size_t(1000));
    }

    void replyStopsAtTheContextEnd() {
        Session s(Model::load(gpu(), good), SessionOptions{12, KvCacheType::F16});
        GenerateParams p;
        p.sampling.temperature = 0;
        p.stop_ids = {-1};
        p.max_new_tokens = 100;
        std::vector<int32_t> prompt = {5, 6, 991, 994};
        int n = 0;
        auto st = s.generate(prompt, p, [&](int32_t) { ++n; });
        QCOMPARE(st.stop, StopReason::ContextFull);
        QCOMPARE(n, 12 - 4 + 1); // the last token is emitted; no room to run it
    }

    void stopReturnsWithinOneStep() {
        Session s(Model::load(gpu(), good), SessionOptions{64, KvCacheType::F16});
        std::atomic<bool> cancel{false};
        GenerateParams p;
        p.sampling.temperature = 0.9f;
        p.sampling.seed = 42;
        p.stop_ids = {-1};
        p.max_new_tokens = 50;
        std::vector<int32_t> prompt = {5, 6, 991, 994};
        int n = 0;
        auto st = s.generate(
            prompt, p,
            [&](int32_t) {
                if (++n == 3) cancel = true; // as the UI's stop button would, between tokens
            },
            &cancel);
        QCOMPARE(st.stop, StopReason::Cancelled);
        QCOMPARE(n, 3);
        QCOMPARE(st.generated_tokens, 3u);
    }

    // A stop during the prompt (CPU prefill of a long prompt takes seconds): generate returns
    // Cancelled with nothing generated and nothing of the prompt half-cached, and the session
    // goes on as if that call had not happened.
    void stopDuringThePrompt() {
        auto model = Model::load(gpu(), good);
        Session s(model, SessionOptions{64, KvCacheType::F16, 2}); // passes of 2 tokens
        const std::vector<int32_t> prompt = {5, 6, 7, 8, 9, 991, 994};
        GenerateParams p;
        p.sampling.temperature = 0;
        p.max_new_tokens = 3;
        p.stop_ids = {-1};
        std::atomic<bool> cancel{true};
        int n = 0;
        auto st = s.generate(
            prompt, p, [&](int32_t) { ++n; }, &cancel);
        QCOMPARE(st.stop, StopReason::Cancelled);
        QCOMPARE(n, 0);
        QCOMPARE(st.generated_tokens, 0u);
        QCOMPARE(s.cached_tokens(), 0u);
        std::vector<int32_t> after, fresh;
        cancel = false;
        s.generate(
            prompt, p, [&](int32_t id) { after.push_back(id); }, &cancel);
        Session f(model, SessionOptions{64, KvCacheType::F16, 2});
        f.generate(prompt, p, [&](int32_t id) { fresh.push_back(id); });
        QCOMPARE(after, fresh);
        QCOMPARE(after.size(), size_t(3));
    }

    void cancelledLoad() {
        std::atomic<bool> cancel{true};
        LoadOptions lo;
        lo.cancel = &cancel;
        Error e = expect_error([&] { Model::load(gpu(), good, lo); });
        QCOMPARE(e.kind(), ErrorKind::Cancelled);
    }

    void outOfDeviceMemoryWhileLoading() {
        if (test::testing_cpu_backend()) {
            // The CPU backend compares the weights with the free RAM before reading them.
            Error e = expect_error(
                [&] { cpu::check_fits_in_memory(5ull << 30, 4ull << 30, 8ull << 30, "big.gguf"); });
            QCOMPARE(e.kind(), ErrorKind::OutOfDeviceMemory);
            QVERIFY2(QString(e.what()).contains("needs 5.00 GiB") &&
                         QString(e.what()).contains("4.00 GiB"),
                     e.what());
            cpu::check_fits_in_memory(4ull << 30, 4ull << 30, 8ull << 30, "fits.gguf");
            cpu::check_fits_in_memory(4ull << 30, 0, 0, "unknown.gguf"); // unknown: no check
            return;
        }
        auto& dev = EngineInternals::device(*gpu());
        const auto st = dev.allocator().stats();
        // Occupy all but 1 MiB of the device heap, then load a model of several MiB.
        const uint64_t fill = st.device_local_heap_size - st.device_local_bytes - (1ull << 20);
        vk::SplitBuffer hog(dev.allocator(), fill / 4096, 4096, vk::MemoryUsage::DeviceLocal,
                            "a test hog");
        Error e = expect_error([&] { Model::load(gpu(), good); });
        QCOMPARE(e.kind(), ErrorKind::OutOfDeviceMemory);
        QVERIFY2(QString(e.what()).contains("needs") && QString(e.what()).contains("available"),
                 e.what());
    }

    // NaN logits (a damaged file, a faulty driver) are an error, not a substituted token.
    void invalidNumbersStopGeneration() {
        test::write_nan_gguf(test::random_glm1_config(), file("nan.gguf"));
        Session s(Model::load(gpu(), file("nan.gguf")), SessionOptions{16, KvCacheType::F16});
        std::vector<int32_t> prompt = {5, 6, 991, 994};
        for (float temperature : {0.0f, 0.8f}) {
            GenerateParams p;
            p.sampling.temperature = temperature;
            p.sampling.seed = 3;
            p.max_new_tokens = 4;
            int tokens = 0;
            Error e = expect_error([&] { s.generate(prompt, p, [&](int32_t) { ++tokens; }); });
            QCOMPARE(e.kind(), ErrorKind::InvalidOutput);
            QVERIFY2(QString(e.what()).contains("invalid numbers"), e.what());
            QCOMPARE(tokens, 0);
        }
    }

    // The ids a chat needs are checked when the model is opened for chat, naming what is missing.
    void missingSpecialIdFailsBeforeAnyReply() {
        ModelConfig c = test::chat_test_config("glm1");
        c.gmask_id = -1;
        test::write_random_gguf(c, file("no_gmask.gguf"), TensorType::Q8_0, TensorType::Q8_0, 1,
                                test::test_data_dir() / "tokenizer" / "glm1_test.model");
        auto model = Model::load(gpu(), file("no_gmask.gguf"));
        auto tokenizer = tokenizer_for(*model);
        QVERIFY(tokenizer);
        Error e = expect_error([&] { chat_format_for(*model, *tokenizer); });
        QCOMPARE(e.kind(), ErrorKind::InvalidFile);
        QVERIFY2(QString(e.what()).contains("[gMASK]") &&
                     QString(e.what()).contains("tokenizer.glm.gmask_token_id"),
                 e.what());
        c.gmask_id = 7; // declared, but not the tokenizer's [gMASK] (6)
        test::write_random_gguf(c, file("other_gmask.gguf"), TensorType::Q8_0, TensorType::Q8_0, 1,
                                test::test_data_dir() / "tokenizer" / "glm1_test.model");
        model = Model::load(gpu(), file("other_gmask.gguf"));
        tokenizer = tokenizer_for(*model);
        e = expect_error([&] { chat_format_for(*model, *tokenizer); });
        QVERIFY2(QString(e.what()).contains("as id 7") && QString(e.what()).contains("has it as 6"),
                 e.what());
    }

    void samplerRejectsNonsense() {
        SamplingParams p;
        p.top_p = 0;
        QVERIFY_THROWS_EXCEPTION(Error, Sampler{p});
        p = {};
        p.repetition_penalty = -1;
        QVERIFY_THROWS_EXCEPTION(Error, Sampler{p});
        p = {};
        p.temperature = std::nanf("");
        QVERIFY_THROWS_EXCEPTION(Error, Sampler{p});
    }
};

QTEST_GUILESS_MAIN(TestEngineErrors)
#include "tst_engine_errors.moc"
