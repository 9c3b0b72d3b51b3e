// NAME.part.json next to a partial download: what the part is a part of (address, expected size
// and sha256), so a part left by another revision or another file is discarded, not resumed.
#pragma once

#include <QString>
#include <QUrl>

namespace glm::app {

struct PartIdentity {
    QUrl url;
    qint64 size = -1;
    QString sha256; // empty when not known
};

QString partSidecarPath(const QString& finalPath);

// Best effort: when it cannot be written, opening the part file reports the problem.
void writePartSidecar(const QString& finalPath, const PartIdentity& identity);

// Does the part at finalPath belong to `identity`? True when there is no sidecar (the hash check
// at the end decides then).
bool partSidecarMatches(const QString& finalPath, const PartIdentity& identity);

} // namespace glm::app
