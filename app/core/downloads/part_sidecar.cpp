#include "downloads/part_sidecar.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace glm::app {

QString partSidecarPath(const QString& finalPath) {
    return finalPath + QStringLiteral(".part.json");
}

void writePartSidecar(const QString& finalPath, const PartIdentity& identity) {
    QSaveFile file(partSidecarPath(finalPath));
    if (!file.open(QIODevice::WriteOnly)) return;
    const QJsonObject o{{QStringLiteral("url"), identity.url.toString(QUrl::RemoveUserInfo)},
                        {QStringLiteral("size"), identity.size},
                        {QStringLiteral("sha256"), identity.sha256}};
    file.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    file.commit();
}

bool partSidecarMatches(const QString& finalPath, const PartIdentity& identity) {
    QFile file(partSidecarPath(finalPath));
    if (!file.open(QIODevice::ReadOnly)) return true;
    const QJsonObject o = QJsonDocument::fromJson(file.read(1 << 16)).object();
    if (!identity.sha256.isEmpty())
        return o.value(QStringLiteral("sha256")).toString() == identity.sha256 &&
               qint64(o.value(QStringLiteral("size")).toDouble(-2)) == identity.size;
    // Unverified files: the same path is the best we can check (another mirror is fine).
    return QUrl(o.value(QStringLiteral("url")).toString()).path() == identity.url.path();
}

} // namespace glm::app
