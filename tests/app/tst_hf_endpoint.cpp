// Endpoint choice (setting > HF_ENDPOINT > default), URL layout, and who may see the token.
#include "downloads/content_range.h"
#include "downloads/hf_endpoint.h"

#include <QtTest>

using namespace glm::app;

class TestHfEndpoint : public QObject {
    Q_OBJECT
private slots:
    void defaultIsTheHub() {
        QString error;
        const auto e = HfEndpoint::resolve({}, QProcessEnvironment(), &error);
        QVERIFY(e);
        QCOMPARE(e->base(), QUrl(QStringLiteral("https://huggingface.co")));
    }

    void environmentThenSetting() {
        QProcessEnvironment env;
        env.insert(QStringLiteral("HF_ENDPOINT"), QStringLiteral("https://hf-mirror.com/"));
        QString error;
        QCOMPARE(HfEndpoint::resolve({}, env, &error)->base(),
                 QUrl(QStringLiteral("https://hf-mirror.com")));
        QCOMPARE(HfEndpoint::resolve(QStringLiteral("https://mirror.example.org/hf"), env, &error)
                     ->base(),
                 QUrl(QStringLiteral("https://mirror.example.org/hf")));
    }

    void badValuesAreErrorsNotSilentlyReplaced() {
        QString error;
        QVERIFY(!HfEndpoint::parse(QStringLiteral("ftp://x.org"), &error));
        QVERIFY(error.contains(QStringLiteral("https://")));
        QVERIFY(!HfEndpoint::parse(QStringLiteral("hf-mirror.com"), &error));
        QVERIFY(!HfEndpoint::parse(QStringLiteral("https://a.org/?x=1"), &error));
        QVERIFY(!HfEndpoint::parse(QStringLiteral("https://user:pw@a.org"), &error));
        QProcessEnvironment env;
        env.insert(QStringLiteral("HF_ENDPOINT"), QStringLiteral("not a url"));
        QVERIFY(!HfEndpoint::resolve({}, env, &error));
        QVERIFY2(error.contains(QStringLiteral("HF_ENDPOINT")), qPrintable(error));
    }

    void fileUrlLayout() {
        const HfEndpoint hub;
        QCOMPARE(hub.fileUrl(QStringLiteral("THUDM/chatglm-6b"),
                             QStringLiteral("8b7d33596d18c5e83e2da052d05ca4db02e60620"),
                             QStringLiteral("pytorch_model-00001-of-00008.bin"))
                     .toString(),
                 QStringLiteral("https://huggingface.co/THUDM/chatglm-6b/resolve/"
                                "8b7d33596d18c5e83e2da052d05ca4db02e60620/"
                                "pytorch_model-00001-of-00008.bin"));
        const auto mirror =
            HfEndpoint::parse(QStringLiteral("https://mirror.example.org/hf/"), nullptr);
        QCOMPARE(mirror
                     ->fileUrl(QStringLiteral("a/b"), QStringLiteral("main"),
                               QStringLiteral("dir/f.json"))
                     .toString(),
                 QStringLiteral("https://mirror.example.org/hf/a/b/resolve/main/dir/f.json"));
        // Characters that would change the URL's meaning stay inside their path segment.
        QCOMPARE(
            hub.fileUrl(QStringLiteral("a/b"), QStringLiteral("main"), QStringLiteral("x#y?.bin"))
                .toString(QUrl::FullyEncoded),
            QStringLiteral("https://huggingface.co/a/b/resolve/main/x%23y%3F.bin"));
    }

    void tokenGoesOnlyToTheEndpointOverHttps() {
        const HfEndpoint hub;
        QVERIFY(
            hub.mayReceiveToken(QUrl(QStringLiteral("https://huggingface.co/a/b/resolve/main/x"))));
        QVERIFY(hub.mayReceiveToken(QUrl(QStringLiteral("https://HuggingFace.co:443/x"))));
        QVERIFY(!hub.mayReceiveToken(QUrl(QStringLiteral("https://cdn-lfs.huggingface.co/x"))));
        QVERIFY(!hub.mayReceiveToken(QUrl(QStringLiteral("http://huggingface.co/x"))));
        QVERIFY(!hub.mayReceiveToken(QUrl(QStringLiteral("https://huggingface.co:8443/x"))));
        const auto plain = HfEndpoint::parse(QStringLiteral("http://mirror.example.org"), nullptr);
        QVERIFY(!plain->mayReceiveToken(
            QUrl(QStringLiteral("http://mirror.example.org/x")))); // not over plain http
        const auto local = HfEndpoint::parse(QStringLiteral("http://127.0.0.1:8080"), nullptr);
        QVERIFY(local->mayReceiveToken(QUrl(QStringLiteral("http://127.0.0.1:8080/x"))));
        QVERIFY(!local->mayReceiveToken(QUrl(QStringLiteral("http://127.0.0.1:8081/x"))));
    }

    void contentRangeParsing() {
        auto r = parseContentRange("bytes 100-199/1000");
        QVERIFY(r);
        QCOMPARE(r->first, 100);
        QCOMPARE(r->last, 199);
        QCOMPARE(r->total, 1000);
        r = parseContentRange("bytes */1000");
        QVERIFY(r);
        QCOMPARE(r->first, -1);
        QCOMPARE(r->total, 1000);
        QVERIFY(parseContentRange("bytes 0-9/*"));
        QVERIFY(!parseContentRange("bytes 10-9/100"));
        QVERIFY(!parseContentRange("bytes 0-100/100"));
        QVERIFY(!parseContentRange("items 0-1/2"));
        QVERIFY(!parseContentRange("bytes -1-5/10"));
        QVERIFY(!parseContentRange("bytes 0-99999999999999999999/1"));
        QVERIFY(!parseContentRange(""));
    }
};

QTEST_GUILESS_MAIN(TestHfEndpoint)
#include "tst_hf_endpoint.moc"
