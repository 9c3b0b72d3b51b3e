// A catalogue of a tiny "model" whose files the in-test server serves (UI and manager tests).
#pragma once

#include "download_test_support.h"
#include "fake_hf_server.h"
#include "library/model_catalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace glm::test {

inline const QString kTinyRevision = QStringLiteral("0123456789abcdef0123456789abcdef01234567");

inline QByteArray tinyUrlPath(const QString& file) {
    return ("/test/tiny/resolve/" + kTinyRevision + "/" + file).toLatin1();
}

// Serves a config and two weight files; returns a catalogue with the tiny model first and an
// entry that cannot be downloaded (no file list) second.
inline app::ModelCatalog tinyCatalog(FakeHfServer& server, qint64 weightBytes = 200000) {
    QJsonArray files;
    quint32 seed = 11;
    for (const auto& [name, size] :
         QList<QPair<QString, qint64>>{{QStringLiteral("config.json"), 400},
                                       {QStringLiteral("weights-1.bin"), weightBytes},
                                       {QStringLiteral("weights-2.bin"), weightBytes / 2}}) {
        const QByteArray data = patternBytes(size, seed++);
        server.addFile(tinyUrlPath(name), data);
        files.append(QJsonObject{{"name", name}, {"size", size}, {"sha256", sha256Hex(data)}});
    }
    const QJsonObject arch{{"hidden", 64}, {"layers", 2},       {"heads", 4},
                           {"kvHeads", 2}, {"headDim", 16},     {"ffn", 96},
                           {"vocab", 100}, {"tiedHead", false}, {"maxContext", 128}};
    const QJsonObject tiny{
        {"id", "tiny"},         {"name", "Tiny"},
        {"generation", "glm3"}, {"description", QJsonObject{{"en", "A tiny test model"}}},
        {"repo", "test/tiny"},  {"revision", kTinyRevision},
        {"license", "MIT"},     {"architecture", arch},
        {"files", files}};
    QJsonObject big = tiny;
    big["id"] = "big";
    big["name"] = "Big";
    big["generation"] = "glm4";
    big["architecture"] =
        QJsonObject{{"hidden", 4096},  {"layers", 40},      {"heads", 32},
                    {"kvHeads", 2},    {"headDim", 128},    {"ffn", 13696},
                    {"vocab", 151552}, {"tiedHead", false}, {"maxContext", 131072}};
    big["files"] = QJsonArray{};
    big["filesNote"] = "The file list is not verified yet.";
    QString error;
    auto c = app::ModelCatalog::parse(
        QJsonDocument(QJsonObject{{"format", 1}, {"models", QJsonArray{tiny, big}}}).toJson(),
        &error);
    Q_ASSERT_X(c, "tinyCatalog", qPrintable(error));
    return *c;
}

} // namespace glm::test
