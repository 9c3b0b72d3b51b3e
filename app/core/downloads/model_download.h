// The download of one catalogue model: its files as DownloadTasks, a few at a time, with one
// progress and one state for the whole model. When every file is verified it writes the marker
// that makes the folder a "downloaded checkpoint, ready to convert" (CheckpointMarker).
#pragma once

#include "downloads/download_task.h"
#include "library/model_catalog.h"

#include <QList>
#include <QObject>

namespace glm::app {

class ModelDownload : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Verifying, Downloading, Paused, Failed, Completed, Cancelled };
    Q_ENUM(State)

    ModelDownload(QNetworkAccessManager* nam, const CatalogEntry& entry, const QString& directory,
                  const HfEndpoint& endpoint, const QByteArray& token,
                  const DownloadOptions& options, QObject* parent = nullptr);

    void start(); // also resumes and retries
    void pause();
    void cancel(); // stops and deletes what this download wrote (parts and completed files)

    const QString& modelId() const { return modelId_; }
    const QString& directory() const { return directory_; }
    State state() const { return state_; }
    QString errorString() const { return error_; }
    qint64 bytesDone() const;
    qint64 bytesTotal() const;
    double bytesPerSecond() const;
    qint64 etaSeconds() const;   // -1 when unknown
    bool unverified() const;     // some file had no checksum to check
    QString retryReason() const; // why a file is waiting to retry; empty when none is
    const QList<DownloadTask*>& tasks() const { return tasks_; }
    // What it was built with (endpoint, token, options, catalogue entry), for the manager to
    // tell whether a resume can reuse it.
    QByteArray settingsKey() const { return settingsKey_; }
    void setSettingsKey(const QByteArray& key) { settingsKey_ = key; }

signals:
    void stateChanged();
    void progressChanged();

private:
    void onTaskStateChanged();
    void startMoreTasks();
    void updateState();
    bool writeMarker();

    QString modelId_;
    QString repo_;
    QString revision_;
    QString directory_;
    DownloadOptions options_;
    QList<DownloadTask*> tasks_;
    State state_ = State::Idle;
    QString error_;
    QByteArray settingsKey_;
    bool scheduling_ = false;
    bool running_ = false; // the user wants it to run (start until pause/cancel/failure)
};

} // namespace glm::app
