// glm-cli convert and glm-cli info, run as a user would (plain progress lines when stdout is not
// a terminal, exit codes, --force, --json).
#include "test_files.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
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
