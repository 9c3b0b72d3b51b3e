// Bad checkpoints: each is a clear glm::Error naming the file and the problem, nothing is left
// behind (no OUT, no OUT.partial), and nothing crashes.
#include "checkpoint_builders.h"
#include "convert_test_support.h"
#include "formats/mapped_file.h"
#include "formats/safetensors.h"
#include "glm/error.h"

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace glm;
using namespace glm::test;
namespace fs = std::filesystem;

namespace {

// A copy of a fixture folder to break.
fs::path copy_fixture(const QTemporaryDir& tmp, const std::string& fixture,
                      const std::string& name) {
    const fs::path dir = scratch(tmp, name);
    fs::remove_all(dir);
    fs::copy(checkpoint(fixture), dir, fs::copy_options::recursive);
    return dir;
}

void replace_in_file(const fs::path& p, const std::string& from, const std::string& to) {
    const Bytes b = read_bytes(p);
    std::string s(b.begin(), b.end());
    const auto at = s.find(from);
    QVERIFY2(at != std::string::npos, from.c_str());
    s.replace(at, from.size(), to);
    write_bytes(p, Bytes(s.begin(), s.end()));
}

// Rewrites a safetensors file tensor by tensor: `edit` may change each, `header` the JSON.
void rewrite_safetensors(const fs::path& p, const std::function<void(SafeTensor&)>& edit,
                         const std::function<void(nlohmann::json&)>& header = {},
                         std::vector<SafeTensor> extra = {}) {
    std::vector<SafeTensor> tensors;
    {
        MappedFile f(p);
        for (const auto& t : read_safetensors(f.bytes(), p.filename().string())) {
            SafeTensor s{t.name, t.dtype == SourceDType::F16 ? "F16" : "F32", t.shape,
                         Bytes(f.bytes().begin() + long(t.offset),
                               f.bytes().begin() + long(t.offset + t.bytes))};
            if (edit) edit(s);
            tensors.push_back(s);
        }
    }
    tensors.insert(tensors.end(), extra.begin(), extra.end());
    write_bytes(p, safetensors_file(tensors, header));
}

} // namespace

class TestConvertErrors : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    // Converting `dir` fails with `kind`, a message holding every word, and leaves nothing behind.
    void expect_failure(const fs::path& dir, ErrorKind kind,
                        std::initializer_list<std::string> words,
                        TensorType type = TensorType::Q4_0) {
        const fs::path out = scratch(tmp_, "out.gguf");
        try {
            convert_checkpoint(dir, out, options_for(type));
            QFAIL("a broken checkpoint converted");
        } catch (const Error& e) {
            const std::string m = e.what();
            QVERIFY2(e.kind() == kind,
                     qPrintable(QString("kind %1: %2").arg(to_string(e.kind()), m.c_str())));
            for (const auto& w : words)
                QVERIFY2(m.find(w) != std::string::npos,
                         qPrintable(QString("'%1' lacks '%2'").arg(m.c_str(), w.c_str())));
        }
        QVERIFY(!fs::exists(out));
        QVERIFY(!fs::exists(scratch(tmp_, "out.gguf.partial")));
    }

private slots:
    void initTestCase() { QVERIFY(tmp_.isValid()); }

    void truncatedShard_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("keep"); // bytes kept; negative: bytes cut from the end
        QTest::addColumn<QString>("word");
        QTest::newRow("pytorch shard, half")
            << "glm1-fp16-sharded"
            << "pytorch_model-00002-of-00002.bin" << 16000 << "truncated";
        QTest::newRow("pytorch shard, last bytes")
            << "glm1-fp16-sharded"
            << "pytorch_model-00002-of-00002.bin" << -10 << "truncated";
        QTest::newRow("pytorch file, empty") << "glm1-fp32"
                                             << "pytorch_model.bin" << 0 << "too short";
        QTest::newRow("safetensors shard")
            << "glm1-fp16-safetensors-sharded"
            << "model-00001-of-00002.safetensors" << -100 << "truncated";
        QTest::newRow("safetensors header") << "glm1-fp32-safetensors"
                                            << "model.safetensors" << 200 << "truncated";
    }
    void truncatedShard() {
        QFETCH(QString, fixture);
        QFETCH(QString, file);
        QFETCH(int, keep);
        QFETCH(QString, word);
        const fs::path dir = copy_fixture(tmp_, fixture.toStdString(), "truncated");
        const fs::path p = dir / file.toStdString();
        const auto size = fs::file_size(p);
        fs::resize_file(p, keep >= 0 ? uint64_t(keep) : size - uint64_t(-keep));
        expect_failure(dir, ErrorKind::InvalidFile, {file.toStdString(), word.toStdString()});
    }

    // A shard that shrinks while it is being converted (replaced, or a download still being
    // written): reading past its new end through the mapping would kill the process (SIGBUS).
    void shardTruncatedWhileConverting() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp16-sharded", "shrinking");
        const fs::path out = scratch(tmp_, "out.gguf");
        ConvertOptions o = options_for(TensorType::Q4_0);
        bool cut = false;
        o.progress = [&](uint64_t done, uint64_t) {
            if (cut || done == 0) return;
            cut = true; // after the first tensor: every shard keeps only its first 64 bytes
            for (const auto& e : fs::directory_iterator(dir))
                if (e.path().extension() == ".bin") fs::resize_file(e.path(), 64);
        };
        try {
            convert_checkpoint(dir, out, o);
            QFAIL("a checkpoint truncated under the converter converted");
        } catch (const Error& e) {
            const std::string m = e.what();
            QVERIFY2(e.kind() == ErrorKind::Io, m.c_str());
            QVERIFY2(m.find("pytorch_model-0000") != std::string::npos, m.c_str());
            QVERIFY2(m.find("ended early") != std::string::npos, m.c_str());
        }
        QVERIFY(cut);
        QVERIFY(!fs::exists(out));
        QVERIFY(!fs::exists(scratch(tmp_, "out.gguf.partial")));
    }

    void missingShard() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp16-sharded", "missing");
        fs::remove(dir / "pytorch_model-00002-of-00002.bin");
        expect_failure(dir, ErrorKind::Io, {"pytorch_model-00002-of-00002.bin", "missing"});
    }

    // A shard replaced by something that is no file: say what it is, not that it is missing.
    void shardIsNotAFile_data() {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("word");
        QTest::newRow("folder") << "folder"
                                << "a folder";
        QTest::newRow("fifo") << "fifo"
                              << "a named pipe";
        QTest::newRow("link to /dev/zero") << "zero"
                                           << "a device, through a symbolic link";
    }
    void shardIsNotAFile() {
        QFETCH(QString, what);
        QFETCH(QString, word);
        const fs::path dir =
            copy_fixture(tmp_, "glm1-fp16-sharded", "notafile-" + what.toStdString());
        const fs::path shard = dir / "pytorch_model-00002-of-00002.bin";
        fs::remove(shard);
        if (what == "folder")
            fs::create_directory(shard);
        else if (what == "fifo")
            QCOMPARE(mkfifo(shard.c_str(), 0600), 0);
        else
            fs::create_symlink("/dev/zero", shard);
        expect_failure(
            dir, ErrorKind::InvalidFile,
            {"pytorch_model-00002-of-00002.bin", "not a regular file", word.toStdString()});
    }

    void tensorListedTwice_data() {
        QTest::addColumn<QString>("how");
        QTest::newRow("twice in the index") << "index";
        QTest::newRow("in two shards") << "shards";
        QTest::newRow("twice in one pickle") << "pickle";
    }
    void tensorListedTwice() {
        QFETCH(QString, how);
        if (how == "index") {
            const fs::path dir = copy_fixture(tmp_, "glm1-fp16-sharded", "twice");
            replace_in_file(
                dir / "pytorch_model.bin.index.json", "\"weight_map\": {",
                "\"weight_map\": {\n    \"lm_head.weight\": \"pytorch_model-00001-of-00002.bin\",");
            expect_failure(dir, ErrorKind::InvalidFile,
                           {"pytorch_model.bin.index.json", "lm_head.weight", "listed twice"});
        } else if (how == "shards") {
            const fs::path dir = copy_fixture(tmp_, "glm1-fp16-safetensors-sharded", "twice");
            rewrite_safetensors(
                dir / "model-00002-of-00002.safetensors", {}, {},
                {{"transformer.word_embeddings.weight", "F16", {40, 32}, Bytes(40 * 32 * 2)}});
            expect_failure(dir, ErrorKind::InvalidFile,
                           {"transformer.word_embeddings.weight", "listed twice",
                            "model-00001-of-00002.safetensors",
                            "model-00002-of-00002.safetensors"});
        } else {
            const fs::path dir = copy_fixture(tmp_, "glm1-golden", "twice");
            const PickleTensor t{
                "transformer.word_embeddings.weight", "FloatStorage", "0", 160, 0, {5, 32}, {}};
            write_bytes(dir / "pytorch_model.bin",
                        torch_file(state_dict_pickle({t, t}), {{"0", Bytes(640)}}));
            expect_failure(
                dir, ErrorKind::InvalidFile,
                {"pytorch_model.bin", "transformer.word_embeddings.weight", "listed twice"});
        }
    }

    void indexDisagreesWithShards() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp16-sharded", "disagree");
        replace_in_file(dir / "pytorch_model.bin.index.json",
                        "\"lm_head.weight\": \"pytorch_model-00002-of-00002.bin\"",
                        "\"lm_head.weight\": \"pytorch_model-00001-of-00002.bin\"");
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"lm_head.weight", "pytorch_model-00002-of-00002.bin", "but it is in"});
    }

    void indexEscapesFolder() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp16-sharded", "escape");
        replace_in_file(dir / "pytorch_model.bin.index.json",
                        "\"lm_head.weight\": \"pytorch_model-00002-of-00002.bin\"",
                        "\"lm_head.weight\": \"../../etc/passwd\"");
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"lm_head.weight", "not a file name in the folder"});
    }

    void shapeDisagreesWithConfig() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp32", "shape");
        replace_in_file(dir / "config.json", "\"inner_hidden_size\": 128",
                        "\"inner_hidden_size\": 64");
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"pytorch_model.bin", "transformer.layers.0.mlp.dense_h_to_4h.weight",
                        "[128, 32]", "config.json implies [64, 32]"});
    }

    void unsupportedDtype() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp32-safetensors", "dtype");
        rewrite_safetensors(dir / "model.safetensors", [](SafeTensor& t) {
            if (t.name != "transformer.layers.0.attention.dense.weight") return;
            Bytes wide;
            for (size_t i = 0; i < t.data.size(); i += 4) {
                float f;
                std::memcpy(&f, &t.data[i], 4);
                double d = f;
                const auto* p = reinterpret_cast<const uint8_t*>(&d);
                wide.insert(wide.end(), p, p + 8);
            }
            t.dtype = "F64";
            t.data = wide;
        });
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"model.safetensors", "transformer.layers.0.attention.dense.weight",
                        "float64", "unsupported dtype"});
    }

    void hostilePickle_data() {
        QTest::addColumn<QString>("what");
        QTest::newRow("os.system, written by Python") << "python";
        QTest::newRow("unknown opcode") << "opcode";
        QTest::newRow("builtins.exec via STACK_GLOBAL") << "exec";
    }
    void hostilePickle() {
        QFETCH(QString, what);
        fs::remove("/tmp/glm-converter-pwned");
        if (what == "python") {
            expect_failure(checkpoint("bad/os-system"), ErrorKind::InvalidFile,
                           {"pytorch_model.bin", "posix.system", "Refusing"});
            QVERIFY(!fs::exists("/tmp/glm-converter-pwned"));
            return;
        }
        const fs::path dir = copy_fixture(tmp_, "glm1-golden", "pickle");
        const Bytes pickle = what == "opcode" ? PickleBuilder()
                                                    .proto()
                                                    .empty_ordered_dict()
                                                    .op('I')
                                                    .raw(Bytes{'1', '\n'})
                                                    .op('.')
                                                    .bytes()
                                              : PickleBuilder()
                                                    .proto(4)
                                                    .str("builtins")
                                                    .str("exec")
                                                    .op(0x93)
                                                    .str("print(1)")
                                                    .op(0x85)
                                                    .reduce()
                                                    .op('.')
                                                    .bytes();
        write_bytes(dir / "pytorch_model.bin", torch_file(pickle, {}));
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"pytorch_model.bin", what == "opcode" ? "opcode 0x49" : "builtins.exec"});
    }

    void zipBomb() {
        const fs::path dir = copy_fixture(tmp_, "glm1-golden", "bomb");
        const PickleTensor t{
            "transformer.word_embeddings.weight", "FloatStorage", "0", 160, 0, {5, 32}, {}};
        // a 640-byte storage whose directory entry claims 1 TB (Zip64 sizes)
        write_bytes(dir / "pytorch_model.bin",
                    make_zip({{"archive/data.pkl", state_dict_pickle({t})},
                              {"archive/data/0", Bytes(640), 0, uint64_t(1) << 40}}));
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"pytorch_model.bin", "archive/data/0", "beyond the end"});
    }

    void compressedEntry() {
        const fs::path dir = copy_fixture(tmp_, "glm1-golden", "deflate");
        write_bytes(dir / "pytorch_model.bin",
                    make_zip({{"archive/data.pkl", state_dict_pickle({}), 8}}));
        expect_failure(dir, ErrorKind::InvalidFile, {"pytorch_model.bin", "compressed"});
    }

    void safetensorsOffsets_data() {
        QTest::addColumn<QString>("how");
        QTest::newRow("overlapping") << "overlap";
        QTest::newRow("out of range") << "range";
    }
    void safetensorsOffsets() {
        QFETCH(QString, how);
        const fs::path dir = copy_fixture(tmp_, "glm1-fp32-safetensors", "offsets");
        rewrite_safetensors(dir / "model.safetensors", {}, [&](nlohmann::json& h) {
            auto& o = h["transformer.final_layernorm.bias"]["data_offsets"];
            const uint64_t size = o[1].get<uint64_t>() - o[0].get<uint64_t>();
            const uint64_t begin =
                how == "overlap"
                    ? h["transformer.final_layernorm.weight"]["data_offsets"][0].get<uint64_t>() + 4
                    : uint64_t(1) << 33;
            o = {begin, begin + size};
        });
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"model.safetensors", how == "overlap" ? "overlap" : "outside"});
    }

    void unknownTensor() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp32-safetensors", "unknown");
        rewrite_safetensors(
            dir / "model.safetensors", {}, {},
            {{"transformer.prefix_encoder.embedding.weight", "F32", {2, 32}, Bytes(256)}});
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"transformer.prefix_encoder.embedding.weight", "does not have"});
    }

    void missingTensor() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp32", "lacking");
        replace_in_file(dir / "config.json", "\"num_layers\": 2", "\"num_layers\": 3");
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"transformer.layers.2.input_layernorm.weight", "lacks"});
    }

    void badFolders_data() {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("word");
        QTest::newRow("no config.json") << ""
                                        << "no config.json";
        QTest::newRow("not JSON") << "{\"hidden_size\": 32,"
                                  << "not valid JSON";
        QTest::newRow("other architecture") << R"({"model_type": "llama", "hidden_size": 32})"
                                            << "model_type is \"llama\"";
        QTest::newRow("P-tuning")
            << R"({"model_type": "chatglm", "pre_seq_len": 128, "hidden_size": 32})"
            << "P-tuning";
        QTest::newRow("no sizes") << R"({"model_type": "chatglm", "vocab_size": 5})"
                                  << "hidden_size";
        QTest::newRow("negative size")
            << R"({"model_type": "chatglm", "vocab_size": 5, "hidden_size": -32})"
            << "non-negative";
        QTest::newRow("quantization_bit 3")
            << R"({"model_type": "chatglm", "vocab_size": 5, "hidden_size": 32, "num_layers": 1,
            "num_attention_heads": 8, "quantization_bit": 3})"
            << "quantization_bit 3";
    }
    void badFolders() {
        QFETCH(QString, config);
        QFETCH(QString, word);
        const fs::path dir = copy_fixture(tmp_, "glm1-golden", "folder");
        if (config.isEmpty())
            fs::remove(dir / "config.json");
        else {
            const std::string text = config.toStdString();
            write_bytes(dir / "config.json", Bytes(text.begin(), text.end()));
        }
        expect_failure(dir, ErrorKind::InvalidFile, {word.toStdString()});
    }

    // A size too large to be real is out of range, not "negative".
    void sizeOutOfRange() {
        const fs::path dir = copy_fixture(tmp_, "glm1-golden", "hugevocab");
        replace_in_file(dir / "config.json", "\"vocab_size\": 5", "\"vocab_size\": 1000000000000");
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"\"vocab_size\" is 1000000000000, out of range"});
    }

    void noWeights() {
        const fs::path dir = copy_fixture(tmp_, "glm1-fp16-sharded", "noweights");
        fs::remove(dir / "pytorch_model.bin.index.json");
        expect_failure(dir, ErrorKind::InvalidFile,
                       {"pytorch_model.bin.index.json", "shards but no"});
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".bin") fs::remove(e.path());
        expect_failure(dir, ErrorKind::InvalidFile, {"holds no weights"});
    }

    void badTypeOption() {
        try {
            convert_checkpoint(checkpoint("glm1-golden"), scratch(tmp_, "out.gguf"),
                               options_for(TensorType::BF16));
            QFAIL("converted to BF16");
        } catch (const Error& e) {
            QCOMPARE(int(e.kind()), int(ErrorKind::InvalidArgument));
        }
        QVERIFY(!fs::exists(scratch(tmp_, "out.gguf.partial")));
    }

    // The output may not replace a file of the checkpoint it is made from.
    void outputIsAnInput() {
        const fs::path dir = copy_fixture(tmp_, "glm1-golden", "self");
        const auto before = read_bytes(dir / "pytorch_model.bin");
        try {
            convert_checkpoint(dir, dir / "pytorch_model.bin", options_for(TensorType::F32));
            QFAIL("overwrote the checkpoint");
        } catch (const Error& e) {
            QCOMPARE(int(e.kind()), int(ErrorKind::InvalidArgument));
            QVERIFY(std::string(e.what()).find("checkpoint's own files") != std::string::npos);
        }
        QCOMPARE(read_bytes(dir / "pytorch_model.bin"), before);
        QVERIFY(!fs::exists(dir / "pytorch_model.bin.partial"));
    }

    // No space left: a child process may only write files of 30 kB (RLIMIT_FSIZE, with SIGXFSZ
    // ignored so write() fails with EFBIG as on a full disk). The error names the file and the
    // partial output is gone.
    void diskFull() {
        const fs::path out = scratch(tmp_, "full.gguf");
        int fds[2];
        QVERIFY(pipe(fds) == 0);
        const pid_t pid = fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            std::signal(SIGXFSZ, SIG_IGN);
            rlimit limit{30000, 30000};
            setrlimit(RLIMIT_FSIZE, &limit);
            std::string report = "no error";
            try {
                convert_checkpoint(checkpoint("glm1-fp32"), out, options_for(TensorType::F32));
            } catch (const Error& e) {
                report = std::string(to_string(e.kind())) + "|" + e.what();
            } catch (...) {
                report = "unexpected exception";
            }
            [[maybe_unused]] auto n = ::write(fds[1], report.data(), report.size());
            _exit(0);
        }
        ::close(fds[1]);
        std::string report;
        char buf[512];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) report.append(buf, size_t(n));
        ::close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        QVERIFY2(report.rfind(std::string(to_string(ErrorKind::Io)) + "|", 0) == 0, report.c_str());
        QVERIFY2(report.find("full.gguf.partial") != std::string::npos, report.c_str());
        QVERIFY2(report.find("File too large") != std::string::npos, report.c_str());
        QVERIFY(!fs::exists(out));
        QVERIFY(!fs::exists(scratch(tmp_, "full.gguf.partial")));
    }
};

QTEST_GUILESS_MAIN(TestConvertErrors)
#include "tst_convert_errors.moc"
