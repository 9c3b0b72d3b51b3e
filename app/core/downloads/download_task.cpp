#include "downloads/download_task.h"

#include "downloads/content_range.h"
#include "downloads/download_messages.h"
#include "downloads/downloads_log.h"
#include "downloads/part_sidecar.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

namespace glm::app {

DownloadTask::DownloadTask(QNetworkAccessManager* nam, DownloadFileRequest request,
                           DownloadOptions options, QObject* parent)
    : QObject(parent), nam_(nam), request_(std::move(request)), options_(options) {
    stallTimer_.setSingleShot(true);
    retryTimer_.setSingleShot(true);
    connect(&stallTimer_, &QTimer::timeout, this, &DownloadTask::onStalled);
    connect(&retryTimer_, &QTimer::timeout, this, [this] { sendRequest(request_.url, true); });
    done_ = 0;
    progressClock_.start();
}

DownloadTask::~DownloadTask() {
    dropReply();
    if (hashCancel_) hashCancel_->store(true);
    // A hash job reads the part file; let it stop (it checks the flag every 4 MB) before the
    // task and its file go away.
    for (auto& f : hashJobs_) f.waitForFinished();
}

QString DownloadTask::fileName() const {
    return QFileInfo(request_.finalPath).fileName();
}

QString DownloadTask::displayName() const {
    return fileName();
}

qint64 DownloadTask::bytesOnDisk(const QString& finalPath) {
    const QFileInfo final(finalPath);
    if (final.exists()) return final.size();
    const QFileInfo part(partPath(finalPath));
    return part.exists() ? part.size() : 0;
}

qint64 DownloadTask::etaSeconds() const {
    const qint64 total = bytesTotal();
    return total < 0 ? -1 : rate_.etaSeconds(total - done_);
}

void DownloadTask::setState(State s) {
    if (state_ == s) return;
    state_ = s;
    if (s != State::Downloading) rate_.reset();
    emit stateChanged();
    emitProgress(true);
}

void DownloadTask::emitProgress(bool force) {
    // Progress arrives per network chunk (often 16-64 KB); ten updates a second are plenty.
    const qint64 now = progressClock_.elapsed();
    if (!force && lastProgressMs_ >= 0 && now - lastProgressMs_ < 100) return;
    lastProgressMs_ = now;
    emit progressChanged();
}

void DownloadTask::fail(const QString& message) {
    dropReply();
    stallTimer_.stop();
    retryTimer_.stop();
    part_.close();
    error_ = message;
    qCWarning(lcDownloads).noquote() << "download of" << displayName() << "failed:" << message;
    setState(State::Failed);
}

// ---- starting, pausing, cancelling ----------------------------------------------------------

void DownloadTask::start() {
    if (isActive() || state_ == State::Completed) return;
    error_.clear();
    attempt_ = 0;
    beginAttempt();
}

void DownloadTask::pause() {
    if (state_ == State::Completed || state_ == State::Failed || state_ == State::Cancelled) return;
    qCInfo(lcDownloads).noquote() << "download of" << displayName() << "paused at" << done_
                                  << "bytes";
    dropReply();
    stallTimer_.stop();
    retryTimer_.stop();
    if (hashCancel_) hashCancel_->store(true); // the running hash job stops; its result is ignored
    part_.close();
    setState(State::Paused);
}

void DownloadTask::cancel() {
    if (state_ == State::Completed) return;
    pause();
    // Never delete a file a worker is still reading. The job was told to stop and checks that
    // every 4 MB, so this wait is one read at most.
    for (auto& f : hashJobs_) f.waitForFinished();
    hashJobs_.clear();
    removePartFiles();
    hash_.reset();
    done_ = 0;
    error_.clear();
    setState(State::Cancelled);
}

void DownloadTask::beginAttempt() {
    const QFileInfo final(request_.finalPath);
    if (!QDir().mkpath(final.absolutePath())) {
        fail(downloadMessages::cannotCreateFolder(final.absolutePath()));
        return;
    }
    // Only verified files are ever renamed into place, so a final file of the right size is done.
    if (final.exists()) {
        if (request_.expectedSize < 0 || final.size() == request_.expectedSize) {
            done_ = final.size();
            setState(State::Completed);
            return;
        }
        fail(downloadMessages::existsWithOtherSize(final.absoluteFilePath(), final.size(),
                                                   request_.expectedSize));
        return;
    }
    const QString part = partPath(request_.finalPath);
    if (QFileInfo::exists(part) && !partSidecarMatches(request_.finalPath, identity()))
        removePartFiles(); // a part of something else
    const qint64 onDisk = QFileInfo(part).exists() ? QFileInfo(part).size() : 0;
    if (request_.expectedSize >= 0 && onDisk > request_.expectedSize) removePartFiles();
    const qint64 length = QFileInfo::exists(part) ? QFileInfo(part).size() : 0;

    // The address without query or user info: nothing secret goes into the log.
    const QString source = request_.url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery |
                                                        QUrl::RemoveFragment);
    if (length == 0) {
        qCInfo(lcDownloads).noquote() << "download of" << displayName() << "starts from" << source;
        hash_ = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
        done_ = 0;
        sendRequest(request_.url, true);
    } else if (hash_ && done_ == length) {
        qCInfo(lcDownloads).noquote()
            << "download of" << displayName() << "resumes at" << length << "bytes from" << source;
        sendRequest(request_.url,
                    true); // paused in this session: the running hash still covers the part
    } else {
        qCInfo(lcDownloads).noquote() << "download of" << displayName() << "resumes at" << length
                                      << "bytes (checking the partial file first) from" << source;
        startHashing(length);
    }
}

void DownloadTask::startHashing(qint64 length) {
    setState(State::Hashing);
    done_ = 0;
    hash_.reset();
    hashCancel_ = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++hashGeneration_;
    auto cancel = hashCancel_;
    const QString path = partPath(request_.finalPath);
    QFuture<PrefixHash> future = QtConcurrent::run(
        [path, length, cancel] { return hashFilePrefix(path, length, cancel.get()); });
    hashJobs_.removeIf([](const QFuture<PrefixHash>& f) { return f.isFinished(); });
    hashJobs_.append(future);
    auto* watcher = new QFutureWatcher<PrefixHash>(this);
    connect(watcher, &QFutureWatcher<PrefixHash>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        onHashed(watcher->result(), generation);
    });
    watcher->setFuture(future);
}

void DownloadTask::onHashed(const PrefixHash& result, quint64 generation) {
    if (generation != hashGeneration_ || state_ != State::Hashing) return; // paused or superseded
    if (!result.error.isEmpty()) {
        fail(tr("Cannot read the partial download %1: %2")
                 .arg(partPath(request_.finalPath), result.error));
        return;
    }
    hash_ = result.hash;
    done_ = result.bytes;
    if (request_.expectedSize >= 0 && done_ == request_.expectedSize) {
        finalize(true); // everything is on disk already: no request needed
        return;
    }
    sendRequest(request_.url, true);
}

// ---- the request and its answer -------------------------------------------------------------

void DownloadTask::sendRequest(const QUrl& url, bool withToken) {
    dropReply();
    if (url == request_.url) redirects_ = 0;
    const bool token =
        withToken && !request_.token.isEmpty() && request_.endpoint.mayReceiveToken(url);
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::UserAgentHeader,
                  QStringLiteral("GLMChat/%1").arg(QStringLiteral(GLM_APP_VERSION)));
    // Byte offsets must be offsets of the file itself, not of a compressed stream.
    req.setRawHeader("Accept-Encoding", "identity");
    if (done_ > 0) req.setRawHeader("Range", "bytes=" + QByteArray::number(done_) + '-');
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setMaximumRedirectsAllowed(options_.maxRedirects);
    if (token) {
        req.setRawHeader("Authorization", "Bearer " + request_.token);
        // Qt copies every header onto a redirected request, so redirects of a request that
        // carries the token are vetted one by one (onRedirected).
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    } else {
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    }
    replyAccepted_ = false;
    otherStatus_ = 0;
    setState(State::Downloading);
    reply_ = nam_->get(req);
    connect(reply_, &QNetworkReply::metaDataChanged, this, &DownloadTask::onMetaData);
    connect(reply_, &QNetworkReply::readyRead, this, &DownloadTask::onReadyRead);
    connect(reply_, &QNetworkReply::finished, this, &DownloadTask::onFinished);
    connect(reply_, &QNetworkReply::redirected, this, &DownloadTask::onRedirected);
    stallTimer_.start(options_.stallTimeoutMs);
}

void DownloadTask::onRedirected(const QUrl& url) {
    if (!reply_) return;
    stallTimer_.start(options_.stallTimeoutMs);
    if (reply_->request().attribute(QNetworkRequest::RedirectPolicyAttribute).toInt() !=
        QNetworkRequest::UserVerifiedRedirectPolicy)
        return; // followed by Qt (no token on this request)
    const QUrl from = reply_->url();
    if (from.scheme() == QStringLiteral("https") && url.scheme() != QStringLiteral("https")) {
        fail(downloadMessages::insecureRedirect(displayName()));
        return;
    }
    if (request_.endpoint.mayReceiveToken(url)) {
        emit reply_->redirectAllowed();
        return;
    }
    // Leaving the endpoint's origin: ask the new address ourselves, without the token.
    if (++redirects_ > options_.maxRedirects) {
        fail(downloadMessages::tooManyRedirects(displayName()));
        return;
    }
    sendRequest(url, false);
}

void DownloadTask::onMetaData() {
    if (!reply_ || replyAccepted_) return;
    const QVariant statusAttr = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttr.isValid()) return;
    const int status = statusAttr.toInt();
    if (!linkedHeadersMatch()) return;
    if (status >= 300 && status < 400) return; // being redirected; the next answer counts
    if (status == 200 || status == 206) replyAccepted_ = acceptResponse(status);
    // Other answers have small bodies; they are handled once complete (aborting a reply Qt has
    // already marked as an error makes Qt complain).
    else
        otherStatus_ = status;
}

// The hub names the LFS object it redirects to (X-Linked-Size, X-Linked-Etag = its sha256): a
// catalogue that disagrees is caught before any byte is downloaded.
bool DownloadTask::linkedHeadersMatch() {
    bool sizeOk = false;
    const qint64 size = reply_->rawHeader("X-Linked-Size").toLongLong(&sizeOk);
    if (sizeOk && request_.expectedSize >= 0 && size != request_.expectedSize) {
        failSizeMismatch(size);
        return false;
    }
    QByteArray etag = reply_->rawHeader("X-Linked-Etag").trimmed();
    if (etag.startsWith("W/")) etag = etag.mid(2);
    etag.replace('"', "");
    const QString sha = QString::fromLatin1(etag).toLower();
    static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}$"));
    if (!request_.expectedSha256.isEmpty() && sha256.match(sha).hasMatch() &&
        sha != request_.expectedSha256) {
        removePartFiles();
        fail(downloadMessages::serverHashDiffers(displayName(), sha, request_.expectedSha256));
        return false;
    }
    return true;
}

// Decides what a 200 or 206 answer means for the part file. Returns true when its body is to
// be written.
bool DownloadTask::acceptResponse(int status) {
    if (status == 206) {
        const auto range = parseContentRange(reply_->rawHeader("Content-Range"));
        if (!range || range->first != done_) {
            restartFromZero(tr("the server sent a different part of the file than asked for"));
            return false;
        }
        if (range->total >= 0 && request_.expectedSize >= 0 &&
            range->total != request_.expectedSize) {
            failSizeMismatch(range->total);
            return false;
        }
        serverTotal_ = range->total;
        return openPart(true);
    }
    if (status == 200) {
        const QVariant length = reply_->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && request_.expectedSize >= 0 &&
            length.toLongLong() != request_.expectedSize) {
            failSizeMismatch(length.toLongLong());
            return false;
        }
        serverTotal_ = length.isValid() ? length.toLongLong() : -1;
        // The whole file from byte 0 (the server ignored Range): start the part over.
        hash_ = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
        done_ = 0;
        return openPart(false);
    }
    return false;
}

void DownloadTask::handleOtherStatus(int status, const QByteArray& contentRange) {
    const QString name = displayName();
    if (status == 416) {
        const auto range = parseContentRange(contentRange);
        const qint64 total =
            request_.expectedSize >= 0 ? request_.expectedSize : (range ? range->total : -1);
        if (total >= 0 && done_ == total)
            finalize(true); // complete already: verify it
        else
            restartFromZero(tr("the partial file does not fit the file on the server"));
        return;
    }
    if (status == 401 || status == 403)
        fail(downloadMessages::accessRefused(name, status));
    else if (status == 404)
        fail(downloadMessages::notFound(name));
    else if (status == 408 || status == 429 || (status >= 500 && status < 600))
        scheduleRetry(tr("the server answered HTTP %1").arg(status));
    else
        fail(tr("Unexpected answer from the server for %1: HTTP %2.").arg(name).arg(status));
}

bool DownloadTask::openPart(bool append) {
    part_.close();
    writePartSidecar(request_.finalPath, identity());
    part_.setFileName(partPath(request_.finalPath));
    // Unbuffered: a write error (disk full) must show up at write(), not at some later flush.
    const QIODevice::OpenMode mode =
        QIODevice::Unbuffered | (append ? (QIODevice::WriteOnly | QIODevice::Append)
                                        : (QIODevice::WriteOnly | QIODevice::Truncate));
    if (!part_.open(mode)) {
        fail(downloadMessages::cannotOpenPart(part_.fileName(), part_.errorString()));
        return false;
    }
    if (append && part_.size() != done_) { // changed under us since it was hashed
        part_.close();
        restartFromZero(tr("the partial file changed on disk"));
        return false;
    }
    return true;
}

void DownloadTask::onReadyRead() {
    if (!reply_) return;
    if (!replyAccepted_) {
        onMetaData();
        if (!reply_ || !replyAccepted_) {
            if (reply_) reply_->readAll(); // an error page: not part of the file
            return;
        }
    }
    const QByteArray data = reply_->readAll();
    if (data.isEmpty()) return;
    if (request_.expectedSize >= 0 && done_ + data.size() > request_.expectedSize) {
        removePartFiles();
        fail(downloadMessages::tooMuchData(displayName(), request_.expectedSize));
        return;
    }
    if (part_.write(data) != data.size()) {
        // The part keeps what reached the disk; a later resume re-hashes it from the disk.
        fail(downloadMessages::writeFailed(part_.fileName(), part_.errorString()));
        return;
    }
    hash_->addData(data);
    done_ += data.size();
    attempt_ = 0; // progress: the next failure starts a fresh series of retries
    rate_.sample(done_);
    stallTimer_.start(options_.stallTimeoutMs);
    emitProgress();
}

void DownloadTask::onFinished() {
    if (!reply_) return;
    stallTimer_.stop();
    if (!replyAccepted_) onMetaData();
    if (!reply_) return; // the answer was handled (wrong size, wrong range, ...)
    if (otherStatus_ != 0) {
        const int status = otherStatus_;
        const QByteArray contentRange = reply_->rawHeader("Content-Range");
        dropReply();
        handleOtherStatus(status, contentRange);
        return;
    }
    onReadyRead(); // whatever is still buffered
    if (!reply_) return;
    const QNetworkReply::NetworkError error = reply_->error();
    const QString errorText = reply_->errorString();
    const bool accepted = replyAccepted_;
    const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    dropReply();
    if (part_.isOpen() && !part_.flush()) {
        fail(downloadMessages::writeFailed(part_.fileName(), part_.errorString()));
        return;
    }
    part_.close();
    if (error == QNetworkReply::SslHandshakeFailedError) {
        fail(downloadMessages::tlsFailed(displayName(), errorText));
        return;
    }
    if (error == QNetworkReply::InsecureRedirectError) {
        fail(downloadMessages::insecureRedirect(displayName()));
        return;
    }
    if (error == QNetworkReply::TooManyRedirectsError) {
        fail(downloadMessages::tooManyRedirects(displayName()));
        return;
    }
    if (error != QNetworkReply::NoError) {
        scheduleRetry(errorText);
        return;
    }
    if (!accepted) {
        fail(tr("Unexpected answer from the server for %1: HTTP %2.")
                 .arg(displayName())
                 .arg(status));
        return;
    }
    const qint64 total = bytesTotal();
    if (total >= 0 && done_ < total) {
        scheduleRetry(tr("the connection closed after %1 of %2 bytes").arg(done_).arg(total));
        return;
    }
    finalize(false);
}

void DownloadTask::onStalled() {
    if (!reply_) return;
    dropReply();
    part_.close();
    scheduleRetry(tr("no data arrived for %1 seconds").arg(options_.stallTimeoutMs / 1000.0));
}

void DownloadTask::failSizeMismatch(qint64 serverSize) {
    removePartFiles();
    fail(downloadMessages::sizeMismatch(displayName(), serverSize, request_.expectedSize));
}

// ---- ends ------------------------------------------------------------------------------------

// restartOnMismatch: the bytes are a part left from before (found complete on disk, or
// confirmed complete by a 416); if they are wrong, download the file again rather than fail.
void DownloadTask::finalize(bool restartOnMismatch) {
    part_.close();
    const QString name = displayName();
    const QString digest = QString::fromLatin1(hash_->result().toHex());
    if (request_.expectedSize >= 0 && done_ != request_.expectedSize) {
        removePartFiles();
        fail(downloadMessages::wrongLength(name, done_, request_.expectedSize));
        return;
    }
    if (!request_.expectedSha256.isEmpty() && digest != request_.expectedSha256) {
        if (restartOnMismatch) {
            restartFromZero(tr("the partial file from before was damaged"));
            return;
        }
        removePartFiles();
        hash_.reset();
        done_ = 0;
        fail(downloadMessages::hashMismatch(name, digest, request_.expectedSha256));
        return;
    }
    const QString part = partPath(request_.finalPath);
    if (!QFile::rename(part, request_.finalPath)) {
        fail(tr("Cannot move %1 into place as %2.").arg(part, request_.finalPath));
        return;
    }
    QFile::remove(sidecarPath(request_.finalPath));
    qCInfo(lcDownloads).noquote() << "download of" << displayName() << "complete:" << done_
                                  << "bytes, sha256" << digest
                                  << (request_.expectedSha256.isEmpty() ? "(no checksum to compare)"
                                                                        : "verified");
    setState(State::Completed);
}

void DownloadTask::scheduleRetry(const QString& reason) {
    part_.close();
    if (++attempt_ > options_.maxRetries) {
        fail(downloadMessages::gaveUp(displayName(), attempt_, reason));
        return;
    }
    error_ = reason; // shown while waiting
    qCInfo(lcDownloads).noquote() << QStringLiteral("download of %1 retries (attempt %2): %3")
                                         .arg(displayName())
                                         .arg(attempt_)
                                         .arg(reason);
    const qint64 delay = qMin<qint64>(qint64(options_.backoffInitialMs) << qMin(attempt_ - 1, 20),
                                      options_.backoffMaxMs);
    retryTimer_.setInterval(int(delay)); // set first: stateChanged listeners read the wait
    setState(State::Retrying);
    retryTimer_.start();
}

void DownloadTask::restartFromZero(const QString& reason) {
    qCWarning(lcDownloads).noquote()
        << "download of" << displayName() << "starts again from zero:" << reason;
    dropReply();
    part_.close();
    removePartFiles();
    hash_ = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    done_ = 0;
    if (++attempt_ > options_.maxRetries) {
        fail(tr("Downloading %1 failed: %2.").arg(displayName(), reason));
        return;
    }
    sendRequest(request_.url, true);
}

void DownloadTask::dropReply() {
    if (!reply_) return;
    QNetworkReply* r = reply_;
    reply_ = nullptr;
    r->disconnect(this);
    // A reply that has failed already (its finished signal still on the way) is not aborted:
    // aborting reports a second error, which Qt refuses with a warning. Deleting it stops it.
    if (r->isRunning() && r->error() == QNetworkReply::NoError) r->abort();
    r->deleteLater();
}

// ---- the part file ----------------------------------------------------------------

void DownloadTask::removePartFiles() {
    part_.close();
    QFile::remove(partPath(request_.finalPath));
    QFile::remove(sidecarPath(request_.finalPath));
}

} // namespace glm::app
