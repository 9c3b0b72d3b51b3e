#include "library/model_library.h"

#include "library/checkpoint_marker.h"
#include "library/gguf_header.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace glm::app {
namespace {

qint64 folderSize(const QString& path) {
    qint64 sum = 0;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        sum += it.fileInfo().size();
    }
    return sum;
}

InstalledModel describeGguf(const QFileInfo& fi) {
    InstalledModel m;
    m.kind = InstalledModel::Kind::Gguf;
    m.path = fi.absoluteFilePath();
    m.sizeBytes = fi.size();
    QString why;
    if (const auto h = readGgufHeader(m.path, &why)) {
        m.architecture = h->architecture;
        m.fileType = h->fileTypeName();
        m.displayName = h->name;
    } else {
        m.problem = why;
    }
    if (m.displayName.isEmpty()) m.displayName = fi.completeBaseName();
    return m;
}

bool isInside(const QString& root, const QString& path) {
    const QString r = QFileInfo(root).canonicalFilePath();
    const QString t = QFileInfo(path).canonicalFilePath();
    return !r.isEmpty() && !t.isEmpty() && t.startsWith(r + u'/');
}

} // namespace

QString importLockPath(const QString& temporaryPath) {
    return temporaryPath + QStringLiteral(".lock");
}

QList<InstalledModel> scanModelsDirectory(const QString& modelsDirectory, const QString& alsoList) {
    QList<InstalledModel> out;
    const QDir dir(modelsDirectory);
    // Hidden names are imports in progress; they are not models yet.
    for (const QFileInfo& fi :
         dir.entryInfoList({QStringLiteral("*.gguf")}, QDir::Files, QDir::Name))
        out.append(describeGguf(fi));
    if (!alsoList.isEmpty() && QFileInfo(alsoList).isFile() &&
        !isInside(modelsDirectory, alsoList)) {
        InstalledModel m = describeGguf(QFileInfo(alsoList));
        m.outsideModelsFolder = true;
        out.append(m);
    }
    const QDir checkpoints(dir.filePath(QStringLiteral("checkpoints")));
    for (const QFileInfo& fi :
         checkpoints.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const auto marker = CheckpointMarker::read(fi.absoluteFilePath());
        if (!marker) continue; // an unfinished download: the download manager shows it
        InstalledModel m;
        m.kind = InstalledModel::Kind::Checkpoint;
        m.path = fi.absoluteFilePath();
        m.modelId = marker->modelId;
        m.revision = marker->revision;
        m.verified = marker->verified;
        m.displayName = marker->modelId;
        m.sizeBytes = folderSize(m.path);
        out.append(m);
    }
    return out;
}

ModelLibrary::ModelLibrary(const QString& modelsDirectory, QObject* parent)
    : QObject(parent), modelsDirectory_(modelsDirectory) {}

ModelLibrary::~ModelLibrary() {
    if (importCancel_) importCancel_->store(true);
    for (auto& job : jobs_) job.waitForFinished(); // they post back to this object
}

QString ModelLibrary::defaultModelsDirectory() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/glm-chat/models");
}

void ModelLibrary::setBusy(int delta) {
    const bool was = isBusy();
    busy_ += delta;
    if (was != isBusy()) emit busyChanged();
}

template <typename Fn> void ModelLibrary::runInBackground(Fn work) {
    setBusy(+1);
    jobs_.removeIf([](const QFuture<void>& f) { return f.isFinished(); });
    jobs_.append(QtConcurrent::run([this, work] {
        work();
        QMetaObject::invokeMethod(
            this, [this] { setBusy(-1); }, Qt::QueuedConnection);
    }));
}

void ModelLibrary::refresh() {
    const QString dir = modelsDirectory_;
    const QString loaded = loadedModelPath_;
    const quint64 generation = ++refreshGeneration_;
    runInBackground([this, dir, loaded, generation] {
        QList<InstalledModel> found = scanModelsDirectory(dir, loaded);
        QMetaObject::invokeMethod(
            this,
            [this, found, generation] {
                // Scans run in parallel and may end in any order: only the latest one counts.
                if (generation != refreshGeneration_) return;
                models_ = found;
                emit modelsChanged();
            },
            Qt::QueuedConnection);
    });
}

bool ModelLibrary::isInsideModelsDirectory(const QString& path) const {
    return isInside(modelsDirectory_, path);
}

void ModelLibrary::setLoadedModelPath(const QString& path) {
    if (path == loadedModelPath_) return;
    loadedModelPath_ = path;
    refresh();
}

void ModelLibrary::removeStalePartials() {
    const QString dir = modelsDirectory_;
    runInBackground([this, dir] {
        QStringList removed;
        qint64 bytes = 0;
        const QDir models(dir);
        // Only the models folder itself: checkpoints/ holds resumable downloads (.part files and
        // their sidecars), which are kept on purpose.
        const QFileInfoList candidates = models.entryInfoList(
            {QStringLiteral("*.gguf.partial"), QStringLiteral(".*.gguf.importing")},
            QDir::Files | QDir::Hidden, QDir::Name);
        for (const QFileInfo& fi : candidates) {
            const QString path = fi.absoluteFilePath();
            const bool conversion = path.endsWith(QStringLiteral(".partial"));
            QLockFile lock(conversion ? path + QStringLiteral(".lock") : importLockPath(path));
            if (!lock.tryLock(0)) continue; // a running job (maybe another window's) owns it
            const qint64 size = fi.size();
            if (QFile::remove(path)) {
                removed << fi.fileName();
                bytes += size;
            }
            lock.unlock(); // also removes the lock file
        }
        if (removed.isEmpty()) return;
        QMetaObject::invokeMethod(
            this, [this, removed, bytes] { emit stalePartialsRemoved(removed, bytes); },
            Qt::QueuedConnection);
    });
}

void ModelLibrary::remove(const QString& path) {
    if (!isInsideModelsDirectory(path)) {
        emit operationFailed(
            tr("%1 is not in the models folder; GLM Chat only deletes its own models.")
                .arg(QDir::toNativeSeparators(path)));
        return;
    }
    runInBackground([this, path] {
        const QFileInfo fi(path);
        const bool ok = fi.isDir() ? QDir(path).removeRecursively() : QFile::remove(path);
        QMetaObject::invokeMethod(
            this,
            [this, path, ok] {
                if (ok)
                    emit removed(path);
                else
                    emit operationFailed(
                        tr("Could not delete %1 completely. Check its permissions.")
                            .arg(QDir::toNativeSeparators(path)));
                refresh();
            },
            Qt::QueuedConnection);
    });
}

void ModelLibrary::cancelImport() {
    if (importCancel_) importCancel_->store(true);
}

void ModelLibrary::importGguf(const QString& sourcePath, ImportMode mode) {
    const QFileInfo source(sourcePath);
    auto failNow = [this](const QString& message) { emit operationFailed(message); };
    if (!source.isFile())
        return failNow(tr("%1 is not a file.").arg(QDir::toNativeSeparators(sourcePath)));
    if (!QDir().mkpath(modelsDirectory_))
        return failNow(tr("The models folder %1 cannot be created.")
                           .arg(QDir::toNativeSeparators(modelsDirectory_)));
    QString target = QDir(modelsDirectory_).filePath(source.fileName());
    if (!target.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive))
        target += QStringLiteral(".gguf");
    if (QFileInfo::exists(target))
        return failNow(tr("A model named %1 is already installed. Rename the file or delete the "
                          "installed one first.")
                           .arg(QFileInfo(target).fileName()));

    auto cancel = importCancel_ = std::make_shared<std::atomic<bool>>(false);
    const QString models = modelsDirectory_;
    runInBackground([this, sourcePath, target, models, mode, cancel] {
        auto post = [this](auto fn) { QMetaObject::invokeMethod(this, fn, Qt::QueuedConnection); };
        auto failed = [&](const QString& message) {
            post([this, message] { emit operationFailed(message); });
        };
        QString why;
        if (!readGgufHeader(sourcePath, &why))
            return failed(tr("%1 is not a model GLM Chat can use: %2.")
                              .arg(QDir::toNativeSeparators(sourcePath), why));
        if (mode == ImportMode::Move && QFile::rename(sourcePath, target)) { // same disk: instant
            post([this, target] {
                emit importFinished(target);
                refresh();
            });
            return;
        }
        QFile in(sourcePath);
        if (!in.open(QIODevice::ReadOnly))
            return failed(tr("Cannot read %1: %2").arg(sourcePath, in.errorString()));
        const qint64 total = in.size();
        const qint64 free = QStorageInfo(models).bytesAvailable();
        if (free >= 0 && free < total)
            return failed(tr("Not enough free disk space in %1 to import this model.")
                              .arg(QDir::toNativeSeparators(models)));
        const QString temp = QDir(models).filePath(
            QStringLiteral(".") + QFileInfo(target).fileName() + QStringLiteral(".importing"));
        // Marks the temporary file as this process's (ModelLibrary::removeStalePartials).
        QLockFile owner(importLockPath(temp));
        owner.tryLock(0);
        QFile out(temp);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return failed(tr("Cannot write %1: %2").arg(temp, out.errorString()));
        QByteArray buffer(8 << 20, Qt::Uninitialized);
        qint64 done = 0;
        QElapsedTimer clock;
        clock.start();
        QString error;
        while (done < total && error.isEmpty()) {
            if (cancel->load()) error = tr("The import was cancelled.");
            const qint64 n = error.isEmpty() ? in.read(buffer.data(), buffer.size()) : 0;
            if (error.isEmpty() && n <= 0)
                error = tr("Cannot read %1: %2").arg(sourcePath, in.errorString());
            if (error.isEmpty() && out.write(buffer.constData(), n) != n)
                error = tr("Cannot write %1: %2. Is the disk full?").arg(temp, out.errorString());
            if (error.isEmpty()) done += n;
            if (clock.elapsed() > 100) {
                clock.restart();
                post([this, done, total] { emit importProgress(done, total); });
            }
        }
        if (error.isEmpty() && !out.flush())
            error = tr("Cannot write %1: %2").arg(temp, out.errorString());
        out.close();
        if (error.isEmpty() && !QFile::rename(temp, target))
            error = tr("Cannot move the imported model into place as %1.").arg(target);
        if (!error.isEmpty()) {
            QFile::remove(temp);
            return failed(error);
        }
        if (mode == ImportMode::Move) QFile::remove(sourcePath);
        post([this, target, total] {
            emit importProgress(total, total);
            emit importFinished(target);
            refresh();
        });
    });
}

} // namespace glm::app
