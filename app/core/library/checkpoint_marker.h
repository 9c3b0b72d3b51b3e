// The small file that makes a folder a complete, verified download of a catalogue model
// ("downloaded checkpoint, ready to convert"). Written last, after every file was verified and
// renamed into place; a folder without it is an unfinished download.
#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

namespace glm::app {

struct CheckpointMarker {
    static constexpr const char* kFileName = ".glm-checkpoint.json";

    QString modelId;
    QString repo;
    QString revision;
    QStringList files;
    bool verified = true; // false when some file had no checksum in the catalogue
    QDateTime completed;

    bool write(const QString& directory, QString* error) const; // atomically (QSaveFile)
    static std::optional<CheckpointMarker> read(const QString& directory);
};

} // namespace glm::app
