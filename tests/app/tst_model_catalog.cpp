// The shipped catalogue (resources/models.json) and the parser's answers to broken or hostile
// catalogues.
#include "library/model_catalog.h"
#include "library/model_requirements.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace glm::app;

namespace {

QJsonObject validEntry() {
    return QJsonObject{
        {"id", "tiny"},
        {"name", "Tiny"},
        {"generation", "glm3"},
        {"description", QJsonObject{{"en", "A tiny model"}, {"zh", "小模型"}}},
        {"repo", "test/tiny"},
        {"revision", "0123456789abcdef0123456789abcdef01234567"},
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
        {"files",
         QJsonArray{QJsonObject{
             {"name", "config.json"},
             {"size", 10},
             {"sha256", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}}}},
    };
}

QByteArray catalogueWith(const QJsonObject& entry) {
    return QJsonDocument(QJsonObject{{"format", 1}, {"models", QJsonArray{entry}}}).toJson();
}

QString errorFor(const QByteArray& json) {
    QString error;
    const auto c = ModelCatalog::parse(json, &error);
    return c ? QString() : error;
}

} // namespace

class TestModelCatalog : public QObject {
    Q_OBJECT
private slots:
    void shippedCatalogue() {
        QString error;
        const auto catalog = ModelCatalog::load(QStringLiteral(GLM_MODELS_JSON), &error);
        QVERIFY2(catalog, qPrintable(error));
        const auto& e = catalog->entries();
        QVERIFY(e.size() >= 2);
        QCOMPARE(e[0].id, QStringLiteral("chatglm-6b")); // ChatGLM-6B first
        QCOMPARE(e[1].id, QStringLiteral("chatglm3-6b"));

        const CatalogEntry& glm1 = e[0];
        QCOMPARE(glm1.repo, QStringLiteral("THUDM/chatglm-6b"));
        QCOMPARE(glm1.revision, QStringLiteral("8b7d33596d18c5e83e2da052d05ca4db02e60620"));
        QVERIFY(glm1.revisionPinned());
        QVERIFY(glm1.allFilesVerifiable());
        QCOMPARE(glm1.files.size(), 12);
        QCOMPARE(glm1.knownDownloadBytes(), 13419647664LL); // sum of the published sizes
        QCOMPARE(glm1.files[3].name, QStringLiteral("pytorch_model-00001-of-00008.bin"));
        QCOMPARE(glm1.files[3].size, 1740651802LL);
        QCOMPARE(
            glm1.files[3].sha256,
            QStringLiteral("14dafdc73e1b1da131fec6668f58774bf6eab1215963f92bdd5c7d81dc6ca383"));
        QCOMPARE(tensorInventory(glm1.architecture).parameters(), 6173286400LL);
        QVERIFY(glm1.architecture.tiedHead);

        const CatalogEntry& glm3 = e[1];
        QCOMPARE(glm3.revision, QStringLiteral("456aa875cf1f46623006edaa23103774ea9c0eae"));
        QCOMPARE(glm3.files.size(), 11);
        QCOMPARE(glm3.knownDownloadBytes(), 12488285094LL);
        QVERIFY(glm3.allFilesVerifiable());
        QCOMPARE(tensorInventory(glm3.architecture).parameters(), 6243584000LL);

        // Entries without verified data say so instead of pretending.
        for (const CatalogEntry& entry : e) {
            if (!entry.allFilesVerifiable())
                QVERIFY2(!entry.filesNote.isEmpty(), qPrintable(entry.id));
            QVERIFY(!entry.license.isEmpty());
            QVERIFY(!entry.description(QStringLiteral("zh_CN")).isEmpty());
        }
        if (const CatalogEntry* glm4 = catalog->find(QStringLiteral("glm-4-9b-chat"))) {
            QVERIFY(!glm4->downloadable());
            QCOMPARE(tensorInventory(glm4->architecture).parameters(), 9399951360LL);
        }
        // GLM-4-0414 and GLM-Z1: GLM-4-9B's shapes plus two norms of 4096 per layer.
        for (const char* id : {"glm-4-9b-0414", "glm-z1-9b-0414"}) {
            const CatalogEntry* entry = catalog->find(QString::fromLatin1(id));
            QVERIFY2(entry, id);
            QCOMPARE(entry->architecture.generation, glm::Generation::Glm4_0414);
            QCOMPARE(tensorInventory(entry->architecture).parameters(),
                     9399951360LL + 2 * 40 * 4096);
            QVERIFY(!entry->downloadable()); // files not verified yet
        }
    }

    void validMinimalEntry() {
        QString error;
        const auto c = ModelCatalog::parse(catalogueWith(validEntry()), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->entries().size(), 1);
        QCOMPARE(c->find(QStringLiteral("tiny"))->description(QStringLiteral("zh_CN")),
                 QStringLiteral("小模型"));
        QCOMPARE(c->find(QStringLiteral("tiny"))->description(QStringLiteral("en_US")),
                 QStringLiteral("A tiny model"));
        QVERIFY(!c->find(QStringLiteral("other")));
    }

    void unknownSizeAndHashAreAllowedButNotVerifiable() {
        QJsonObject e = validEntry();
        e["files"] = QJsonArray{QJsonObject{
            {"name", "a.bin"}, {"size", QJsonValue::Null}, {"sha256", QJsonValue::Null}}};
        QString error;
        const auto c = ModelCatalog::parse(catalogueWith(e), &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(!c->entries()[0].allFilesVerifiable());
        QCOMPARE(c->entries()[0].files[0].size, -1);
        // The download size falls back to the fp16 size the shapes imply.
        QCOMPARE(c->entries()[0].downloadBytesEstimate(),
                 checkpointBytesEstimate(c->entries()[0].architecture));
    }

    void badJson() {
        QVERIFY(errorFor("{\"format\": 1, \"models\": [")
                    .contains(QStringLiteral("not valid JSON at byte")));
        QVERIFY(errorFor("[1,2]").contains(QStringLiteral("JSON object")));
        QVERIFY(errorFor("").contains(QStringLiteral("not valid JSON")));
    }

    void wrongFormatVersion() {
        const QString e = errorFor(R"({"format": 2, "models": []})");
        QVERIFY2(e.contains(QStringLiteral("version 2 is not supported")), qPrintable(e));
    }

    void missingFieldsNameTheirPlace_data() {
        QTest::addColumn<QString>("field");
        for (const char* f : {"id", "name", "repo", "revision", "license", "generation",
                              "architecture", "files", "description"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void missingFieldsNameTheirPlace() {
        QFETCH(QString, field);
        QJsonObject e = validEntry();
        e.remove(field);
        const QString error = errorFor(catalogueWith(e));
        QVERIFY2(error.contains(QStringLiteral("models[0]: missing field \"%1\"").arg(field)),
                 qPrintable(error));
    }

    void missingArchitectureField() {
        QJsonObject e = validEntry();
        QJsonObject a = e["architecture"].toObject();
        a.remove("kvHeads");
        e["architecture"] = a;
        const QString error = errorFor(catalogueWith(e));
        QVERIFY2(
            error.contains(QStringLiteral("models[0].architecture: missing field \"kvHeads\"")),
            qPrintable(error));
    }

    void fileSizeAndHashMustBeGivenEvenIfNull() {
        QJsonObject e = validEntry();
        e["files"] = QJsonArray{QJsonObject{{"name", "a.bin"}, {"sha256", QJsonValue::Null}}};
        QVERIFY(errorFor(catalogueWith(e))
                    .contains(QStringLiteral("models[0].files[0]: missing field \"size\"")));
    }

    void hostileFileNames_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("parent") << QStringLiteral("../evil.bin");
        QTest::newRow("inner parent") << QStringLiteral("a/../../evil");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("backslash") << QStringLiteral("..\\evil");
        QTest::newRow("drive") << QStringLiteral("C:evil");
        QTest::newRow("dot") << QStringLiteral("./x");
        QTest::newRow("empty segment") << QStringLiteral("a//b");
        QTest::newRow("space") << QStringLiteral("a b");
    }
    void hostileFileNames() {
        QFETCH(QString, name);
        QJsonObject e = validEntry();
        e["files"] =
            QJsonArray{QJsonObject{{"name", name}, {"size", 1}, {"sha256", QJsonValue::Null}}};
        const QString error = errorFor(catalogueWith(e));
        QVERIFY2(error.contains(QStringLiteral("not a plain relative file name")),
                 qPrintable(error));
    }

    void badValues_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("id") << "id" << QJsonValue("Has Spaces") << "models[0].id";
        QTest::newRow("repo") << "repo" << QJsonValue("no-slash") << "owner/name";
        QTest::newRow("repo traversal") << "repo" << QJsonValue("../x") << "owner/name";
        QTest::newRow("revision") << "revision" << QJsonValue("a/../b") << "commit id";
        QTest::newRow("generation") << "generation" << QJsonValue("glm9") << "is not one of";
        QTest::newRow("name type") << "name" << QJsonValue(3) << "non-empty string";
    }
    void badValues() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject e = validEntry();
        e[field] = value;
        const QString error = errorFor(catalogueWith(e));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void badHashesAndSizes() {
        QJsonObject e = validEntry();
        e["files"] = QJsonArray{QJsonObject{{"name", "a"}, {"size", 1}, {"sha256", "ABCDEF"}}};
        QVERIFY(errorFor(catalogueWith(e)).contains(QStringLiteral("models[0].files[0].sha256")));
        e["files"] =
            QJsonArray{QJsonObject{{"name", "a"}, {"size", -5}, {"sha256", QJsonValue::Null}}};
        QVERIFY(errorFor(catalogueWith(e)).contains(QStringLiteral("models[0].files[0].size")));
        e["files"] =
            QJsonArray{QJsonObject{{"name", "a"}, {"size", 1.5}, {"sha256", QJsonValue::Null}}};
        QVERIFY(errorFor(catalogueWith(e)).contains(QStringLiteral("integer")));
    }

    void inconsistentArchitecture() {
        QJsonObject e = validEntry();
        QJsonObject a = e["architecture"].toObject();
        a["headDim"] = 15;
        e["architecture"] = a;
        QVERIFY(errorFor(catalogueWith(e)).contains(QStringLiteral("heads x headDim")));
        a["headDim"] = 16;
        a["layers"] = 1e9;
        e["architecture"] = a;
        QVERIFY(!errorFor(catalogueWith(e)).isEmpty());
    }

    void duplicates() {
        QJsonObject e = validEntry();
        QByteArray json =
            QJsonDocument(QJsonObject{{"format", 1}, {"models", QJsonArray{e, e}}}).toJson();
        QVERIFY(errorFor(json).contains(QStringLiteral("used twice")));
        QJsonObject f = e["files"].toArray()[0].toObject();
        e["files"] = QJsonArray{f, f};
        QVERIFY(errorFor(catalogueWith(e)).contains(QStringLiteral("listed twice")));
    }

    void emptyFilesNeedAReason() {
        QJsonObject e = validEntry();
        e["files"] = QJsonArray{};
        QVERIFY(errorFor(catalogueWith(e)).contains(QStringLiteral("filesNote")));
        e["filesNote"] = "not verified yet";
        QString error;
        const auto c = ModelCatalog::parse(catalogueWith(e), &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(!c->entries()[0].downloadable());
    }

    void missingFileIsAClearError() {
        QString error;
        QVERIFY(!ModelCatalog::load(QStringLiteral("/nonexistent/models.json"), &error));
        QVERIFY2(error.contains(QStringLiteral("cannot read the model catalogue")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_model_catalog.moc"
