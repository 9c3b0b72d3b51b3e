// The catalogue of downloadable models (resources/models.json): which Hugging Face repository
// and pinned revision, which files with which sizes and sha256, the licence, and the shapes
// from which every size the app shows is computed.
//
// The parser treats the file as untrusted: a file name becomes a path on the user's disk, so
// names are restricted to plain relative paths (no "..", no absolute paths, no backslashes).
// A size or sha256 may be null, meaning "not known": such files cannot be verified, and the
// download manager refuses them unless told otherwise (DownloadManager::setAllowUnverified).
#pragma once

#include "library/model_architecture.h"

#include <QList>
#include <QString>
#include <optional>

namespace glm::app {

struct CatalogFile {
    QString name;     // path relative to the repository root, '/'-separated
    qint64 size = -1; // bytes; -1 = not known
    QString sha256;   // 64 lowercase hex digits; empty = not known
    bool verifiable() const { return size >= 0 && !sha256.isEmpty(); }
};

struct CatalogEntry {
    QString id;   // stable key: folder name of the checkpoint, settings key
    QString name; // shown to the user
    QString descriptionEn;
    QString descriptionZh;
    QString repo;      // "owner/name" on the Hugging Face hub
    QString revision;  // git commit (pinned) or a branch name
    QString license;   // licence name; the terms are on the model page
    QString filesNote; // why the file list is missing or unverified (shown to the user)
    ModelArchitecture architecture;
    QList<CatalogFile> files;

    bool revisionPinned() const;     // a full 40-digit commit id
    bool allFilesVerifiable() const; // every file has a known size and sha256
    bool downloadable() const { return !files.isEmpty(); }
    qint64 knownDownloadBytes() const; // sum of the known file sizes
    // Size of the download: the known sizes, or the fp16 estimate from the shapes when any is
    // unknown.
    qint64 downloadBytesEstimate() const;
    QString description(const QString& localeName) const; // zh* -> Chinese when present
};

class ModelCatalog {
public:
    // Parses the catalogue; on failure returns nothing and sets *error to what is wrong and where
    // ("models[1].files[3].sha256: expected 64 hex digits").
    static std::optional<ModelCatalog> parse(const QByteArray& json, QString* error);
    static std::optional<ModelCatalog> load(const QString& path, QString* error);

    // Where the catalogue is looked for when no path is given: the Qt resource
    // ":/glm/models.json" (embedded into glm_app_core), then share/glm-chat/models.json next
    // to the installed program.
    static QStringList defaultLocations();
    static std::optional<ModelCatalog> loadDefault(QString* error);

    const QList<CatalogEntry>& entries() const { return entries_; }
    const CatalogEntry* find(const QString& id) const;

private:
    QList<CatalogEntry> entries_;
};

// Shared with the library and the download manager: is this a safe relative path to create
// below a directory we own?
bool isSafeRelativePath(const QString& path);

} // namespace glm::app
