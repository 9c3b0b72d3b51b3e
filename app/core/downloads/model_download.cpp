#include "downloads/model_download.h"

#include "library/checkpoint_marker.h"

#include <QDir>
#include <QFileInfo>

namespace glm::app {

ModelDownload::ModelDownload(QNetworkAccessManager* nam, const CatalogEntry& entry,
                             const QString& directory, const HfEndpoint& endpoint,
                             const QByteArray& token, const DownloadOptions& options,
                             QObject* parent)
    : QObject(parent), modelId_(entry.id), repo_(entry.repo), revision_(entry.revision),
      directory_(directory), options_(options) {
    for (const CatalogFile& f : entry.files) {
        DownloadFileRequest r;
        r.url = endpoint.fileUrl(entry.repo, entry.revision, f.name);
        r.finalPath = QDir(directory).filePath(f.name);
        r.expectedSize = f.size;
        r.expectedSha256 = f.sha256;
        r.token = token;
        r.endpoint = endpoint;
        auto* task = new DownloadTask(nam, r, options, this);
        connect(task, &DownloadTask::stateChanged, this, &ModelDownload::onTaskStateChanged);
        connect(task, &DownloadTask::progressChanged, this, &ModelDownload::progressChanged);
        tasks_.append(task);
    }
}

void ModelDownload::start() {
    if (state_ == State::Completed) return;
    running_ = true;
    error_.clear();
    startMoreTasks();
    updateState();
}

void ModelDownload::pause() {
    running_ = false;
    for (DownloadTask* t : tasks_) t->pause();
    updateState();
}

void ModelDownload::cancel() {
    running_ = false;
    for (DownloadTask* t : tasks_) t->cancel();
    // Cancel frees the space: the verified files of this model go too, then the empty folders.
    QFile::remove(QDir(directory_).filePath(QString::fromLatin1(CheckpointMarker::kFileName)));
    for (DownloadTask* t : tasks_) {
        QFile::remove(t->request().finalPath);
        QDir parent = QFileInfo(t->request().finalPath).dir();
        while (parent.absolutePath().startsWith(QDir(directory_).absolutePath()) &&
               parent.isEmpty() && parent.rmdir(parent.absolutePath()))
            if (!parent.cdUp()) break;
    }
    error_.clear();
    state_ = State::Cancelled;
    emit stateChanged();
    emit progressChanged();
}

void ModelDownload::startMoreTasks() {
    // Starting a task emits stateChanged, which calls back here: only the outer call schedules,
    // and it counts the active tasks afresh each time.
    if (scheduling_) return;
    scheduling_ = true;
    auto activeCount = [this] {
        int n = 0;
        for (DownloadTask* t : tasks_) n += t->isActive() ? 1 : 0;
        return n;
    };
    for (DownloadTask* t : tasks_) {
        if (!running_ || activeCount() >= qMax(1, options_.parallelFiles)) break;
        const auto s = t->state();
        if (s == DownloadTask::State::Queued || s == DownloadTask::State::Paused ||
            s == DownloadTask::State::Cancelled || s == DownloadTask::State::Failed)
            t->start(); // may complete at once (file already verified)
    }
    scheduling_ = false;
}

void ModelDownload::onTaskStateChanged() {
    auto* task = qobject_cast<DownloadTask*>(sender());
    if (task && task->state() == DownloadTask::State::Failed && running_) {
        // One file cannot finish: stop the others so the user sees one clear error and one retry.
        running_ = false;
        error_ = task->errorString();
        for (DownloadTask* t : tasks_)
            if (t != task) t->pause();
    }
    if (running_) startMoreTasks();
    updateState();
}

void ModelDownload::updateState() {
    State next = state_;
    bool allDone = !tasks_.isEmpty();
    bool anyDownloading = false, anyHashing = false, anyFailed = false;
    for (DownloadTask* t : tasks_) {
        const auto s = t->state();
        allDone = allDone && s == DownloadTask::State::Completed;
        anyDownloading = anyDownloading || s == DownloadTask::State::Downloading ||
                         s == DownloadTask::State::Retrying;
        anyHashing = anyHashing || s == DownloadTask::State::Hashing;
        anyFailed = anyFailed || s == DownloadTask::State::Failed;
    }
    if (allDone) {
        if (state_ != State::Completed) next = writeMarker() ? State::Completed : State::Failed;
        running_ = false;
    } else if (!error_.isEmpty() && (anyFailed || !running_)) {
        next = State::Failed;
    } else if (running_) {
        next = anyDownloading || !anyHashing ? State::Downloading : State::Verifying;
    } else if (state_ != State::Idle && state_ != State::Cancelled) {
        next = State::Paused;
    }
    if (next != state_) {
        state_ = next;
        emit stateChanged();
    }
    emit progressChanged();
}

bool ModelDownload::writeMarker() {
    CheckpointMarker m;
    m.modelId = modelId_;
    m.repo = repo_;
    m.revision = revision_;
    m.verified = !unverified();
    m.completed = QDateTime::currentDateTimeUtc();
    for (DownloadTask* t : tasks_)
        m.files << QDir(directory_).relativeFilePath(t->request().finalPath);
    QString why;
    if (m.write(directory_, &why)) return true;
    error_ = tr("All files were downloaded, but %1 could not be written: %2").arg(directory_, why);
    return false;
}

qint64 ModelDownload::bytesDone() const {
    qint64 sum = 0;
    for (DownloadTask* t : tasks_)
        sum += t->isActive() || t->state() == DownloadTask::State::Completed || t->bytesDone() > 0
                   ? t->bytesDone()
                   : DownloadTask::bytesOnDisk(t->request().finalPath); // before the first start
    return sum;
}

qint64 ModelDownload::bytesTotal() const {
    qint64 sum = 0;
    for (DownloadTask* t : tasks_) {
        const qint64 total = t->bytesTotal();
        if (total < 0) return -1;
        sum += total;
    }
    return sum;
}

double ModelDownload::bytesPerSecond() const {
    double sum = 0;
    for (DownloadTask* t : tasks_) sum += t->bytesPerSecond();
    return sum;
}

qint64 ModelDownload::etaSeconds() const {
    const qint64 total = bytesTotal();
    const double speed = bytesPerSecond();
    if (total < 0 || speed < 1.0) return -1;
    return qint64(double(qMax<qint64>(0, total - bytesDone())) / speed + 0.999);
}

QString ModelDownload::retryReason() const {
    for (DownloadTask* t : tasks_)
        if (t->state() == DownloadTask::State::Retrying) return t->errorString();
    return {};
}

bool ModelDownload::unverified() const {
    for (DownloadTask* t : tasks_)
        if (t->request().expectedSha256.isEmpty()) return true;
    return false;
}

} // namespace glm::app
