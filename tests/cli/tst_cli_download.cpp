// glm-cli download end to end: the real program against the in-test server.
#include "download_test_support.h"
#include "fake_hf_server.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace glm::test;

namespace {
const QString kRevision = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
}

class TestCliDownload : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    FakeHfServer server_;
    QString catalogPath_;
    QHash<QString, QByteArray> files_;

    struct Result {
        int exitCode = -1;
        QString out, err;
    };

    // Runs glm-cli while this thread keeps serving HTTP.
    Result run(const QStringList& args,
               const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(GLM_CLI_PATH), args);
        Result r;
        if (!p.waitForStarted(10000)) return r;
        QSignalSpy done(&p, &QProcess::finished);
        if (!done.wait(60000)) p.kill();
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    QProcessEnvironment cleanEnv() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("HF_ENDPOINT"));
        env.remove(QStringLiteral("HF_TOKEN"));
        for (const char* v :
             {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            env.remove(QString::fromLatin1(v));
        return env;
    }

    QStringList baseArgs(const QString& modelsDir) const {
        return {QStringLiteral("download"),   QStringLiteral("tiny"),
                QStringLiteral("--catalog"),  catalogPath_,
                QStringLiteral("--dir"),      modelsDir,
                QStringLiteral("--endpoint"), server_.endpoint()};
    }

private slots:
    void initTestCase() {
        QVERIFY(server_.listen());
        QJsonArray files;
        quint32 seed = 3;
        for (const auto& [name, size] : QList<QPair<QString, int>>{
                 {QStringLiteral("config.json"), 500}, {QStringLiteral("weights.bin"), 300000}}) {
            const QByteArray data = patternBytes(size, seed++);
            files_.insert(name, data);
            server_.addFile(("/test/tiny/resolve/" + kRevision + "/" + name).toLatin1(), data);
            files.append(QJsonObject{{"name", name}, {"size", size}, {"sha256", sha256Hex(data)}});
        }
        const QJsonObject entry{{"id", "tiny"},
                                {"name", "Tiny"},
                                {"generation", "glm3"},
                                {"description", QJsonObject{{"en", "tiny"}}},
                                {"repo", "test/tiny"},
                                {"revision", kRevision},
                                {"license", "MIT"},
                                {"architecture", QJsonObject{{"hidden", 64},
                                                             {"layers", 2},
                                                             {"heads", 4},
                                                             {"kvHeads", 2},
                                                             {"headDim", 16},
                                                             {"ffn", 96},
                                                             {"vocab", 100},
                                                             {"tiedHead", false},
                                                             {"maxContext", 128}}},
                                {"files", files}};
        catalogPath_ = dir_.filePath(QStringLiteral("catalog.json"));
        QVERIFY(writeAll(
            catalogPath_,
            QJsonDocument(QJsonObject{{"format", 1}, {"models", QJsonArray{entry}}}).toJson()));
    }

    void downloadsAndVerifies() {
        const QString models = dir_.filePath(QStringLiteral("m1"));
        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("HF_TOKEN"), QStringLiteral("hf_from_env"));
        server_.clearRequests();
        const Result r = run(baseArgs(models), env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("done: Tiny is downloaded and verified")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(
            QStringLiteral("verified weights.bin"))); // plain lines when not a terminal
        QVERIFY(r.out.indexOf(QStringLiteral("verified weights.bin")) <
                r.out.indexOf(QStringLiteral("done:")));
        QVERIFY(!r.out.contains(u'\r'));
        const QDir ckpt(models + QStringLiteral("/checkpoints/tiny"));
        for (auto it = files_.cbegin(); it != files_.cend(); ++it)
            QCOMPARE(readAll(ckpt.filePath(it.key())), it.value());
        QVERIFY(QFileInfo::exists(ckpt.filePath(QStringLiteral(".glm-checkpoint.json"))));
        // The token from HF_TOKEN reached the (loopback) endpoint.
        QCOMPARE(server_.requests().value(0).headers.value("authorization"),
                 QByteArray("Bearer hf_from_env"));

        // Again: nothing to fetch.
        server_.clearRequests();
        const Result again = run(baseArgs(models), cleanEnv());
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains(QStringLiteral("already downloaded")), qPrintable(again.out));
        QCOMPARE(server_.requests().size(), 0);
    }

    void serverErrorIsReported() {
        const QByteArray path = ("/test/tiny/resolve/" + kRevision + "/weights.bin").toLatin1();
        server_.setAlways(path, {FakeHfServer::Fault::WrongBytes});
        const Result r = run(baseArgs(dir_.filePath(QStringLiteral("m2"))), cleanEnv());
        server_.clearBehaviours();
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("SHA-256")), qPrintable(r.err));
        QVERIFY(
            !QFileInfo::exists(dir_.filePath(QStringLiteral("m2/checkpoints/tiny/weights.bin"))));
    }

    // A failing server: each retry is announced with its reason, number and wait, not silent.
    void retriesAreAnnounced() {
        const QByteArray path = ("/test/tiny/resolve/" + kRevision + "/weights.bin").toLatin1();
        FakeHfServer::Behaviour b;
        b.fault = FakeHfServer::Fault::Status;
        b.status = 500;
        server_.setAlways(path, b);
        const Result r = run(baseArgs(dir_.filePath(QStringLiteral("m4")))
                                 << QStringLiteral("--retries") << QStringLiteral("1"),
                             cleanEnv());
        server_.clearBehaviours();
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("weights.bin: the server answered HTTP 500; "
                                               "retry 1 of 1 in 1 s")),
                 qPrintable(r.err));
    }

    void noIdListsTheModels() {
        const Result r = run(
            {QStringLiteral("download"), QStringLiteral("--catalog"), catalogPath_}, cleanEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("tiny  (Tiny)")), qPrintable(r.err));
    }

    void badArgumentsAreExplained() {
        // far beyond what an int of milliseconds holds: a range, not "at least 0.1"
        Result huge = run(baseArgs(dir_.filePath(QStringLiteral("m5")))
                              << QStringLiteral("--stall-timeout") << QStringLiteral("99999999999"),
                          cleanEnv());
        QCOMPARE(huge.exitCode, 2);
        QVERIFY2(huge.err.contains(QStringLiteral("between 0.1 and 86400 seconds")),
                 qPrintable(huge.err));
        Result r = run({QStringLiteral("download"), QStringLiteral("nope"),
                        QStringLiteral("--catalog"), catalogPath_},
                       cleanEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no model 'nope'")) &&
                     r.err.contains(QStringLiteral("tiny")),
                 qPrintable(r.err));
        r = run(baseArgs(dir_.filePath(QStringLiteral("m3")))
                    << QStringLiteral("--endpoint") << QStringLiteral("ftp://x"),
                cleanEnv());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("https://")), qPrintable(r.err));
        r = run({QStringLiteral("download"), QStringLiteral("tiny"), QStringLiteral("--catalog"),
                 QStringLiteral("/nonexistent.json")},
                cleanEnv());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot read the model catalogue")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliDownload)
#include "tst_cli_download.moc"
