// Downloads of catalogue models into the models folder, one ModelDownload per model.
//
// Before a download starts it checks what can be checked up front, so the user hears about it
// before gigabytes move: the model has a file list; every file has a size and sha256 (unless
// unverified downloads were allowed); the models folder can be written; and the disk has room
// for what is still missing plus the converted model (the catalogue's Q4_0 size).
//
// Files go to <models>/checkpoints/<model id>/. A download interrupted by quitting resumes from
// its .part files at the next start (diskState() tells the UI there is something to resume).
// The system proxy is used (QNetworkProxyFactory::setUseSystemConfiguration); TLS verification is
// Qt's default and is never turned off.
#pragma once

#include "downloads/download_task.h"
#include "downloads/model_download.h"
#include "library/model_catalog.h"

#include <QHash>
#include <QObject>
#include <functional>

class QNetworkAccessManager;

namespace glm::app {

class DownloadManager : public QObject {
    Q_OBJECT
public:
    DownloadManager(QNetworkAccessManager* nam, const QString& modelsDirectory,
                    QObject* parent = nullptr);

    void setEndpoint(const HfEndpoint& endpoint) { endpoint_ = endpoint; }
    const HfEndpoint& endpoint() const { return endpoint_; }
    void setToken(const QByteArray& token) { token_ = token; }
    void setOptions(const DownloadOptions& options) { options_ = options; }
    // Files without a checksum in the catalogue are refused unless this is set (glm-cli
    // --allow-unverified); the finished folder is then marked unverified.
    void setAllowUnverified(bool allow) { allowUnverified_ = allow; }
    // Free bytes at a path; QStorageInfo by default. Tests replace it to simulate a full disk.
    void setFreeSpaceProvider(std::function<qint64(const QString&)> provider) {
        freeSpace_ = std::move(provider);
    }

    QString modelsDirectory() const { return modelsDirectory_; }
    QString checkpointDirectory(const QString& modelId) const;

    // Starts (or resumes, or retries) a model's download. Returns false with a message for the
    // user when a check fails; then nothing was written.
    bool start(const CatalogEntry& entry, QString* error);
    void pause(const QString& modelId);
    void cancel(const CatalogEntry& entry); // also discards a partial download from an earlier run

    ModelDownload* download(const QString& modelId) const { return downloads_.value(modelId); }

    // What is on disk for a model, without starting anything (after an app restart).
    enum class DiskState { Nothing, Partial, Complete };
    DiskState diskState(const CatalogEntry& entry, qint64* bytesOnDisk = nullptr) const;
    // The same for a given checkpoint folder; touches nothing but the disk, so it may run on a
    // worker thread.
    static DiskState diskStateOf(const QString& checkpointDirectory, const CatalogEntry& entry,
                                 qint64* bytesOnDisk = nullptr);

    // Bytes still to download for entry (sizes known) and the room the whole job needs.
    qint64 remainingBytes(const CatalogEntry& entry) const;
    qint64 requiredFreeBytes(const CatalogEntry& entry) const;

signals:
    void stateChanged(const QString& modelId);
    void progressChanged(const QString& modelId);
    // Every file verified: the checkpoint folder is ready to be converted (QuantizeJob).
    void completed(const QString& modelId, const QString& checkpointDirectory);
    void failed(const QString& modelId, const QString& message);

private:
    bool checkWritable(const QString& directory, QString* error) const;
    ModelDownload* ensureDownload(const CatalogEntry& entry);
    QByteArray settingsKey(const CatalogEntry& entry) const;

    QNetworkAccessManager* nam_;
    QString modelsDirectory_;
    HfEndpoint endpoint_;
    QByteArray token_;
    DownloadOptions options_;
    bool allowUnverified_ = false;
    std::function<qint64(const QString&)> freeSpace_;
    QHash<QString, ModelDownload*> downloads_;
};

} // namespace glm::app
