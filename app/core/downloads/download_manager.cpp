#include "downloads/download_manager.h"

#include "downloads/downloads_log.h"
#include "library/checkpoint_marker.h"
#include "library/model_requirements.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QNetworkProxyFactory>
#include <QStorageInfo>
#include <QTemporaryFile>

namespace glm::app {

DownloadManager::DownloadManager(QNetworkAccessManager* nam, const QString& modelsDirectory,
                                 QObject* parent)
    : QObject(parent), nam_(nam), modelsDirectory_(modelsDirectory) {
    // Users behind a corporate or national proxy set it once for the system; honour it.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    freeSpace_ = [](const QString& path) { return QStorageInfo(path).bytesAvailable(); };
}

QString DownloadManager::checkpointDirectory(const QString& modelId) const {
    return QDir(modelsDirectory_).filePath(QStringLiteral("checkpoints/") + modelId);
}

qint64 DownloadManager::remainingBytes(const CatalogEntry& entry) const {
    const QDir dir(checkpointDirectory(entry.id));
    qint64 onDisk = 0, missingKnown = 0;
    bool anyUnknown = false;
    for (const CatalogFile& f : entry.files) {
        const qint64 have = DownloadTask::bytesOnDisk(dir.filePath(f.name));
        onDisk += have;
        if (f.size < 0)
            anyUnknown = true;
        else
            missingKnown += qMax<qint64>(0, f.size - have);
    }
    return anyUnknown ? qMax<qint64>(0, entry.downloadBytesEstimate() - onDisk) : missingKnown;
}

qint64 DownloadManager::requiredFreeBytes(const CatalogEntry& entry) const {
    return remainingBytes(entry) +
           computeRequirements(entry.architecture, QuantType::Q4_0).fileBytes;
}

DownloadManager::DiskState DownloadManager::diskState(const CatalogEntry& entry,
                                                      qint64* bytesOnDisk) const {
    return diskStateOf(checkpointDirectory(entry.id), entry, bytesOnDisk);
}

DownloadManager::DiskState DownloadManager::diskStateOf(const QString& dirPath,
                                                        const CatalogEntry& entry,
                                                        qint64* bytesOnDisk) {
    qint64 bytes = 0;
    bool any = false;
    for (const CatalogFile& f : entry.files) {
        const QString path = QDir(dirPath).filePath(f.name);
        const qint64 have = DownloadTask::bytesOnDisk(path);
        bytes += have;
        any = any || QFileInfo::exists(path) || QFileInfo::exists(DownloadTask::partPath(path));
    }
    if (bytesOnDisk) *bytesOnDisk = bytes;
    const auto marker = CheckpointMarker::read(dirPath);
    if (marker && marker->modelId == entry.id && marker->revision == entry.revision)
        return DiskState::Complete;
    return any ? DiskState::Partial : DiskState::Nothing;
}

bool DownloadManager::checkWritable(const QString& directory, QString* error) const {
    if (!QDir().mkpath(directory)) {
        *error = tr("The models folder %1 cannot be created. Choose a folder you can write to in "
                    "the settings.")
                     .arg(QDir::toNativeSeparators(directory));
        return false;
    }
    QTemporaryFile probe(QDir(directory).filePath(QStringLiteral(".write-test-XXXXXX")));
    if (!probe.open() || probe.write("x", 1) != 1 || !probe.flush()) {
        *error = tr("The models folder %1 cannot be written (%2). Choose a folder you can write to "
                    "in the settings.")
                     .arg(QDir::toNativeSeparators(directory), probe.errorString());
        return false;
    }
    return true;
}

QByteArray DownloadManager::settingsKey(const CatalogEntry& entry) const {
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(endpoint_.base().toString().toUtf8() + '\n' + token_ + '\n');
    for (int v : {options_.maxRetries, options_.backoffInitialMs, options_.backoffMaxMs,
                  options_.stallTimeoutMs, options_.maxRedirects, options_.parallelFiles})
        h.addData(QByteArray::number(v) + ',');
    h.addData(entry.repo.toUtf8() + '@' + entry.revision.toUtf8());
    for (const CatalogFile& f : entry.files)
        h.addData(f.name.toUtf8() + ':' + QByteArray::number(f.size) + ':' + f.sha256.toUtf8());
    return h.result();
}

ModelDownload* DownloadManager::ensureDownload(const CatalogEntry& entry) {
    ModelDownload* d = downloads_.value(entry.id);
    const bool idle = d && d->state() != ModelDownload::State::Downloading &&
                      d->state() != ModelDownload::State::Verifying;
    // Keep a download across pause and resume (its files' running hashes stay valid, so nothing
    // is re-read), unless the endpoint, token, options or catalogue entry changed meanwhile.
    const QByteArray key = settingsKey(entry);
    if (d && (!idle || d->settingsKey() == key)) return d;
    if (d) d->deleteLater();
    d = new ModelDownload(nam_, entry, checkpointDirectory(entry.id), endpoint_, token_, options_,
                          this);
    d->setSettingsKey(key);
    const QString id = entry.id;
    connect(d, &ModelDownload::progressChanged, this, [this, id] { emit progressChanged(id); });
    connect(d, &ModelDownload::stateChanged, this, [this, id, d] {
        emit stateChanged(id);
        if (d->state() == ModelDownload::State::Completed) {
            qCInfo(lcDownloads).noquote()
                << "model" << id << "downloaded and verified into" << d->directory();
            emit completed(id, d->directory());
        }
        if (d->state() == ModelDownload::State::Failed) {
            qCWarning(lcDownloads).noquote()
                << "model" << id << "download failed:" << d->errorString();
            emit failed(id, d->errorString());
        }
    });
    downloads_.insert(entry.id, d);
    return d;
}

bool DownloadManager::start(const CatalogEntry& entry, QString* error) {
    QString why;
    auto refuse = [&](const QString& message) {
        why = message;
        if (error) *error = message;
        qCWarning(lcDownloads).noquote() << "download of" << entry.id << "refused:" << message;
        return false;
    };
    if (!entry.downloadable())
        return refuse(
            tr("%1 cannot be downloaded by GLM Chat yet: %2").arg(entry.name, entry.filesNote));
    if (!entry.allFilesVerifiable() && !allowUnverified_)
        return refuse(tr("The catalogue has no checksums for some files of %1, so GLM Chat could "
                         "not tell a damaged download from a good one. %2")
                          .arg(entry.name, entry.filesNote));
    if (!checkWritable(modelsDirectory_, &why)) return refuse(why);
    const QString dir = checkpointDirectory(entry.id);
    if (!QDir().mkpath(dir))
        return refuse(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(dir)));
    const qint64 need = requiredFreeBytes(entry);
    const qint64 free = freeSpace_(dir);
    if (free >= 0 && free < need) {
        const QLocale locale;
        return refuse(
            tr("Not enough free disk space in %1: the download needs %2 more (and the converted "
               "model %3), but only %4 are free. Free some space or choose another models folder.")
                .arg(QDir::toNativeSeparators(modelsDirectory_),
                     locale.formattedDataSize(remainingBytes(entry), 1, QLocale::DataSizeSIFormat),
                     locale.formattedDataSize(
                         computeRequirements(entry.architecture, QuantType::Q4_0).fileBytes, 1,
                         QLocale::DataSizeSIFormat),
                     locale.formattedDataSize(free, 1, QLocale::DataSizeSIFormat)));
    }
    qCInfo(lcDownloads).noquote() << QStringLiteral("model %1 download starts (%2 at %3) into %4")
                                         .arg(entry.id, entry.repo, entry.revision, dir);
    ensureDownload(entry)->start();
    return true;
}

void DownloadManager::pause(const QString& modelId) {
    if (ModelDownload* d = downloads_.value(modelId)) d->pause();
}

void DownloadManager::cancel(const CatalogEntry& entry) {
    if (!entry.downloadable()) return;
    qCInfo(lcDownloads).noquote() << "model" << entry.id << "download cancelled";
    ensureDownload(entry)->cancel();
}

} // namespace glm::app
