// glm-cli convert and glm-cli info, run as a user would (plain progress lines when stdout is not
// a terminal, exit codes, --force, --json).
#include "blocked_cli.h"
#include "formats/gguf_writer.h"
#include "golden_models.h"
#include "models/model_config.h"
#include "test_files.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <nlohmann/json.hpp>

namespace {

struct Run {
    int code;
    QString out, err;
};

Run glm_cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(GLM_CLI), args);
    if (!p.waitForFinished(60000)) return {-1, {}, "timed out"};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString fixture(const char* name) {
    return QString::fromStdString((glm::test::test_data_dir() / "checkpoints" / name).string());
}

// A GGUF file declaring `declared` and holding the tensors of `tensors_of` (F32), without `skip`.
void write_gguf(const std::filesystem::path& out, const glm::ModelConfig& declared,
                const glm::ModelConfig& tensors_of, const std::string& skip = {}) {
    glm::GgufWriter w(out);
    glm::write_model_config(w, declared);
    std::vector<glm::TensorSpec> specs;
    for (auto& t : glm::model_tensors(tensors_of))
        if (t.name != skip) specs.push_back(t);
    for (const auto& t : specs) w.add_tensor(t.name, t.dims, glm::TensorType::F32);
    w.begin_data();
    for (const auto& t : specs) {
        uint64_t n = 1;
        for (auto d : t.dims) n *= d;
        const std::vector<float> v(n, 0.01f);
        w.write({reinterpret_cast<const uint8_t*>(v.data()), v.size() * 4});
    }
    w.finish();
}

} // namespace

class TestCliConvert : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void convertsWithPlainProgress() {
        const QString out = tmp_.filePath("glm1.gguf");
        const Run r =
            glm_cli({"convert", fixture("glm1-fp16-sharded"), "-o", out, "--type", "q8_0"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("converting: 100%"), qPrintable(r.out));
        QVERIFY(!r.out.contains('\r')); // not a terminal: lines, no bar
        QVERIFY2(r.out.contains("wrote " + out), qPrintable(r.out));
        QVERIFY2(r.err.contains("warning: no tokenizer file"), qPrintable(r.err));
        QVERIFY(QFile::exists(out));

        // refuses to replace without --force, replaces with it
        const Run again = glm_cli({"convert", fixture("glm1-fp16-sharded"), "-o", out});
        QCOMPARE(again.code, 2);
        QVERIFY(again.err.contains("--force"));
        QCOMPARE(glm_cli({"convert", fixture("glm1-fp16-sharded"), "-o", out, "--force", "--type",
                          "f16"})
                     .code,
                 0);
    }

    void infoJson() {
        const QString out = tmp_.filePath("glm4.gguf");
        QCOMPARE(glm_cli({"convert", fixture("glm4-bf16-safetensors"), "-o", out, "--type", "q4_0"})
                     .code,
                 0);
        const Run r = glm_cli({"info", out, "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["architecture"].get<std::string>(), std::string("chatglm"));
        QCOMPARE(j["config"]["generation"].get<int>(), 4);
        QCOMPARE(j["config"]["tokenizer"].get<std::string>(), std::string("glm4-tiktoken"));
        QCOMPARE(j["file_type"].get<int>(), 2);
        QCOMPARE(j["tensor_count"].get<int>(), 17);
        QCOMPARE(j["tensor_types"]["Q4_0"]["tensors"].get<int>(), 8);
        QCOMPARE(j["tensor_types"]["Q8_0"]["tensors"].get<int>(), 2);
        QCOMPARE(j["file_bytes"].get<qint64>(), QFileInfo(out).size());

        const Run text = glm_cli({"info", out});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("GLM-4"));
        QVERIFY(text.out.contains("glm4-tiktoken"));
    }

    void infoOfCheckpointFolder() {
        const Run r = glm_cli({"info", fixture("glm1-int4"), "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["format"].get<std::string>(), std::string("pytorch-int4"));
        QVERIFY(j["converted_bytes"]["Q4_0"].get<uint64_t>() <
                j["converted_bytes"]["F32"].get<uint64_t>());
    }

    // info checks what loading checks: a file that cannot load is reported, not shown as fine.
    void infoRejectsWhatCannotLoad() {
        const glm::ModelConfig c = glm::test::random_glm2_config();
        const std::filesystem::path dir = tmp_.path().toStdString();
        write_gguf(dir / "lacking.gguf", c, c, "blk.1.ffn_down.weight");
        Run r = glm_cli({"info", tmp_.filePath("lacking.gguf")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("blk.1.ffn_down.weight is missing"), qPrintable(r.err));
        r = glm_cli({"info", tmp_.filePath("lacking.gguf"), "--json"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("blk.1.ffn_down.weight"), qPrintable(r.err));

        glm::ModelConfig more = c;
        more.layers = c.layers + 1;
        write_gguf(dir / "fewer_layers.gguf", more, c);
        r = glm_cli({"info", tmp_.filePath("fewer_layers.gguf")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("blk.2.") && r.err.contains("declares 3 layers"),
                 qPrintable(r.err));

        // ChatGLM-6B without the [gMASK] id its tokenizer's prompts carry: it loads, but no
        // reply could be made
        glm::ModelConfig glm1 = glm::test::chat_test_config("glm1");
        glm1.gmask_id = -1;
        glm::test::write_random_gguf(glm1, dir / "no_gmask.gguf", glm::TensorType::Q8_0,
                                     glm::TensorType::Q8_0, 1,
                                     glm::test::test_data_dir() / "tokenizer" / "glm1_test.model");
        r = glm_cli({"info", tmp_.filePath("no_gmask.gguf")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("[gMASK]") && r.err.contains("tokenizer.glm.gmask_token_id"),
                 qPrintable(r.err));
    }

    // A name that is not UTF-8 (any bytes can be in a file): JSON out, the bytes replaced.
    void infoJsonOfInvalidUtf8() {
        glm::ModelConfig c = glm::test::random_glm2_config();
        c.name = "caf\xe9 \xff";
        write_gguf(std::filesystem::path(tmp_.path().toStdString()) / "latin1.gguf", c, c);
        const Run r = glm_cli({"info", tmp_.filePath("latin1.gguf"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(QString::fromStdString(j["config"]["name"].get<std::string>()),
                 QString::fromUtf8("caf\uFFFD \uFFFD"));
    }

    // kill -TERM (timeout, a logout) and Ctrl-C: the conversion stops and removes its .partial.
    void stopSignalRemovesThePartialFile_data() {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGHUP") << int(SIGHUP);
    }
    void stopSignalRemovesThePartialFile() {
        QFETCH(int, signal);
        const QString out = tmp_.filePath(QString("signalled-%1.gguf").arg(signal));
        const QString partial = out + ".partial";
        // Blocked at its first progress line (10%), with the .partial open.
        glm::test::BlockedProgram cli(GLM_CLI,
                                      {"convert", fixture("glm1-fp16-sharded").toStdString(), "-o",
                                       out.toStdString(), "--type", "q8_0"},
                                      tmp_.filePath("signalled.err").toStdString());
        QVERIFY(cli.pid > 0);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(partial), 60000);
        QCOMPARE(kill(cli.pid, signal), 0);
        const int status = cli.drain_and_wait();
        QVERIFY2(WIFEXITED(status), "killed by the signal instead of stopping");
        QVERIFY(WEXITSTATUS(status) != 0);
        QVERIFY(!QFile::exists(partial));
        QVERIFY(!QFile::exists(out));
        QFile err(tmp_.filePath("signalled.err"));
        QVERIFY(err.open(QIODevice::ReadOnly));
        QVERIFY2(err.readAll().contains("cancelled"), "says that it stopped");
    }

    void errorsExitNonZero() {
        const Run bad =
            glm_cli({"convert", fixture("bad/os-system"), "-o", tmp_.filePath("x.gguf")});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("posix.system"), qPrintable(bad.err));
        QVERIFY(!QFile::exists(tmp_.filePath("x.gguf")));
        QCOMPARE(glm_cli({"convert", fixture("glm1-golden"), "-o", tmp_.filePath("x.gguf"),
                          "--type", "q3_k"})
                     .code,
                 2);
        QCOMPARE(glm_cli({"info", tmp_.filePath("missing.gguf")}).code, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliConvert)
#include "tst_cli_convert.moc"
