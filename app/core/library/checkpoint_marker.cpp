#include "library/checkpoint_marker.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace glm::app {

bool CheckpointMarker::write(const QString& directory, QString* error) const {
    QSaveFile file(QDir(directory).filePath(QString::fromLatin1(kFileName)));
    const QJsonObject o{{QStringLiteral("format"), 1},
                        {QStringLiteral("model"), modelId},
                        {QStringLiteral("repo"), repo},
                        {QStringLiteral("revision"), revision},
                        {QStringLiteral("files"), QJsonArray::fromStringList(files)},
                        {QStringLiteral("verified"), verified},
                        {QStringLiteral("completed"), completed.toString(Qt::ISODate)}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson()) < 0 ||
        !file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

std::optional<CheckpointMarker> CheckpointMarker::read(const QString& directory) {
    QFile file(QDir(directory).filePath(QString::fromLatin1(kFileName)));
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(1 << 20));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toInt() != 1 ||
        !o.value(QStringLiteral("model")).isString())
        return std::nullopt;
    CheckpointMarker m;
    m.modelId = o.value(QStringLiteral("model")).toString();
    m.repo = o.value(QStringLiteral("repo")).toString();
    m.revision = o.value(QStringLiteral("revision")).toString();
    for (const QJsonValue& v : o.value(QStringLiteral("files")).toArray()) m.files << v.toString();
    m.verified = o.value(QStringLiteral("verified")).toBool(false);
    m.completed =
        QDateTime::fromString(o.value(QStringLiteral("completed")).toString(), Qt::ISODate);
    return m;
}

} // namespace glm::app
