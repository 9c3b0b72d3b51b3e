// One file of a model download: resumable, verified, never leaves a damaged file in place.
//
// The file grows in NAME.part next to its final place; NAME.part.json remembers what it is a
// part of (expected size and sha256), so a part from another revision is discarded rather than
// resumed. The SHA-256 is computed while the bytes stream in; a part found on disk (after a pause
// or an app restart) is re-hashed first on a worker thread. Resuming sends
// "Range: bytes=N-" and checks the answer:
//   206 + Content-Range starting at N  -> append;
//   206 starting elsewhere             -> start again from zero;
//   200 (Range ignored)                -> truncate the part, take the body from byte 0;
//   416                                -> the part is complete (verify it) or stale (start again).
// Only a file whose size and SHA-256 match the catalogue is renamed to NAME. A mismatch deletes
// the part and says so. Network errors, 5xx/429 and stalls (no bytes for stallTimeoutMs) retry
// with exponential backoff; 4xx, a wrong size or hash, and write errors stop with a message.
//
// The access token goes only to requests the endpoint allows (HfEndpoint::mayReceiveToken):
// when a redirect leaves the endpoint's origin (the hub redirects to a CDN), the request is sent
// again to the new address without it. TLS verification is never relaxed.
#pragma once

#include "downloads/hf_endpoint.h"
#include "downloads/part_sidecar.h"
#include "downloads/sha256_file.h"
#include "downloads/transfer_rate.h"

#include <QFile>
#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace glm::app {

struct DownloadOptions {
    int maxRetries = 6;          // automatic retries after a failure with no progress in between
    int backoffInitialMs = 1000; // first retry delay; doubles per retry
    int backoffMaxMs = 60000;
    int stallTimeoutMs = 30000; // no byte for this long: drop the connection and retry
    int maxRedirects = 10;
    int parallelFiles = 2; // files of one model downloaded at the same time
};

struct DownloadFileRequest {
    QUrl url;
    QString finalPath; // where the verified file ends up
    qint64 expectedSize = -1;
    QString expectedSha256; // lowercase hex; empty: not verified (the manager decides if allowed)
    QByteArray token;       // access token; empty for none
    HfEndpoint endpoint;    // decides which hosts may receive the token
};

class DownloadTask : public QObject {
    Q_OBJECT
public:
    enum class State {
        Queued,
        Hashing,
        Downloading,
        Retrying,
        Paused,
        Completed,
        Failed,
        Cancelled
    };
    Q_ENUM(State)

    DownloadTask(QNetworkAccessManager* nam, DownloadFileRequest request, DownloadOptions options,
                 QObject* parent = nullptr);
    ~DownloadTask() override;

    void start();  // from Queued, Paused, Failed or Cancelled; resumes from what is on disk
    void pause();  // keeps the part file
    void cancel(); // deletes the part file

    State state() const { return state_; }
    bool isActive() const {
        return state_ == State::Hashing || state_ == State::Downloading ||
               state_ == State::Retrying;
    }
    const DownloadFileRequest& request() const { return request_; }
    QString fileName() const;
    qint64 bytesDone() const { return done_; }
    qint64 bytesTotal() const {
        return request_.expectedSize >= 0 ? request_.expectedSize : serverTotal_;
    }
    double bytesPerSecond() const { return rate_.bytesPerSecond(); }
    qint64 etaSeconds() const;
    QString errorString() const { return error_; }
    // While Retrying: which retry comes next (1..maxRetries()) and how long it waits.
    int retryAttempt() const { return attempt_; }
    int maxRetries() const { return options_.maxRetries; }
    int retryDelayMs() const { return retryTimer_.interval(); }
    bool completedUnverified() const {
        return state_ == State::Completed && request_.expectedSha256.isEmpty();
    }

    static QString partPath(const QString& finalPath) {
        return finalPath + QStringLiteral(".part");
    }
    static QString sidecarPath(const QString& finalPath) {
        return finalPath + QStringLiteral(".part.json");
    }
    // Bytes of this file already on disk: the final file, else the part file.
    static qint64 bytesOnDisk(const QString& finalPath);

signals:
    void stateChanged();
    void progressChanged();

private:
    void beginAttempt();
    void startHashing(qint64 length);
    void onHashed(const PrefixHash& result, quint64 generation);
    void sendRequest(const QUrl& url, bool withToken);
    void onMetaData();
    bool linkedHeadersMatch();
    bool acceptResponse(int status);
    void handleOtherStatus(int status, const QByteArray& contentRange);
    void onReadyRead();
    void onFinished();
    void onRedirected(const QUrl& url);
    void onStalled();
    void finalize(bool restartOnMismatch);
    void scheduleRetry(const QString& reason);
    void restartFromZero(const QString& reason);
    bool openPart(bool append);
    PartIdentity identity() const {
        return {request_.url, request_.expectedSize, request_.expectedSha256};
    }
    void removePartFiles();
    void dropReply();
    void fail(const QString& message);
    void failSizeMismatch(qint64 serverSize);
    void setState(State s);
    void emitProgress(bool force = false);
    QString displayName() const;

    QNetworkAccessManager* nam_;
    DownloadFileRequest request_;
    DownloadOptions options_;
    State state_ = State::Queued;
    QString error_;

    QPointer<QNetworkReply> reply_;
    bool replyAccepted_ = false;
    int otherStatus_ = 0; // an answer other than 200/206, acted on when it is complete
    int redirects_ = 0;
    QFile part_;
    std::shared_ptr<QCryptographicHash> hash_; // covers exactly the first done_ bytes of the part
    qint64 done_ = 0;
    qint64 serverTotal_ = -1;
    int attempt_ = 0;

    QTimer stallTimer_;
    QTimer retryTimer_;
    TransferRate rate_;
    qint64 lastProgressMs_ = -1;
    QElapsedTimer progressClock_;

    quint64 hashGeneration_ = 0;
    std::shared_ptr<std::atomic<bool>> hashCancel_;
    QList<QFuture<PrefixHash>> hashJobs_; // waited for in the destructor
};

} // namespace glm::app
