#include "conversion_controller.h"

#include "byte_format.h"
#include "glm/convert.h"
#include "glm/error.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace {

struct Inspection {
    QString error;
    QString description;
};

qint64 folder_bytes(const QString& dir) {
    qint64 n = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) n += QFileInfo(it.next()).size();
    return n;
}

} // namespace

ConversionController::ConversionController(CatalogListModel* catalog, glm::app::ModelLibrary* library, QObject* parent)
    : QObject(parent), catalog_(catalog), library_(library) {
    using glm::app::QuantizeJob;
    if (catalog_) {
        connect(catalog_, &CatalogListModel::convertRequested, this,
                [this](const QString& modelId, const QString& dir, const QString& type) { start(dir, type, modelId); });
        catalog_->setConversionAvailable(true);
    }
    connect(&job_, &QuantizeJob::progress, this, [this](double f) {
        progress_ = f;
        emit progressChanged();
        if (catalog_ && !modelId_.isEmpty()) catalog_->conversionProgress(modelId_, f);
    });
    connect(&job_, &QuantizeJob::finished, this, [this](const QString& path, qint64 bytes, double seconds) {
        progress_ = 1;
        emit progressChanged();
        if (catalog_ && !modelId_.isEmpty()) catalog_->conversionFinished(modelId_, path);
        if (library_) library_->refresh();
        // Offer to delete only what the app downloaded, never a folder the user imported.
        deletable_ = modelId_.isEmpty() ? QString() : checkpoint_;
        setStatus(tr("Converted into %1 (%2) in %3 s.")
                      .arg(QFileInfo(path).fileName(), formatBytes(bytes))
                      .arg(seconds, 0, 'f', 1));
        // The size of the checkpoint that could now be deleted, counted off the UI thread.
        auto* watcher = new QFutureWatcher<qint64>(this);
        connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher] {
            deletableSize_ = formatBytes(watcher->result());
            watcher->deleteLater();
            emit statusChanged();
        });
        if (!deletable_.isEmpty()) watcher->setFuture(QtConcurrent::run(folder_bytes, deletable_));
        else watcher->deleteLater();
        emit converted(path);
        emit busyChanged();
    });
    connect(&job_, &QuantizeJob::failed, this, [this](const QString& message) {
        if (catalog_ && !modelId_.isEmpty()) catalog_->conversionFailed(modelId_, message);
        setStatus(tr("The conversion failed."), message);
        emit busyChanged();
    });
    connect(&job_, &QuantizeJob::cancelled, this, [this] {
        if (catalog_ && !modelId_.isEmpty()) catalog_->conversionFailed(modelId_, tr("Cancelled."));
        setStatus(tr("The conversion was cancelled; nothing was written."));
        emit busyChanged();
    });
    if (library_)
        connect(library_, &glm::app::ModelLibrary::removed, this, [this](const QString& path) {
            if (QDir::cleanPath(path) != QDir::cleanPath(deletable_)) return;
            deletable_.clear();
            deletableSize_.clear();
            setStatus(tr("The downloaded checkpoint was deleted."));
        });
}

void ConversionController::setStatus(const QString& status, const QString& error) {
    status_ = status;
    error_ = error;
    emit statusChanged();
}

void ConversionController::start(const QString& dir, const QString& type, const QString& modelId) {
    const auto t = glm::tensor_type_from_string(type.toStdString());
    if (!t || !glm::is_supported(*t)) {
        setStatus(tr("Cannot convert."), tr("Unknown output type %1.").arg(type));
        return;
    }
    if (job_.running()) {
        const QString msg = tr("Another model is being converted; wait until it finishes.");
        if (catalog_ && !modelId.isEmpty()) catalog_->conversionFailed(modelId, msg);
        setStatus(tr("Cannot convert."), msg);
        return;
    }
    modelId_ = modelId;
    checkpoint_ = dir;
    deletable_.clear();
    deletableSize_.clear();
    progress_ = 0;
    emit progressChanged();
    const QString models = library_ ? library_->modelsDirectory() : QFileInfo(dir).absolutePath();
    QDir().mkpath(models);
    const QString out = QDir(models).filePath(glm::app::QuantizeJob::outputFileName(dir, *t));
    if (QFileInfo::exists(out)) {
        const QString msg = tr("%1 already exists in the models folder; delete it first to convert again.")
                                .arg(QFileInfo(out).fileName());
        if (catalog_ && !modelId.isEmpty()) catalog_->conversionFailed(modelId, msg);
        setStatus(tr("Cannot convert."), msg);
        return;
    }
    setStatus(tr("Converting %1 to %2…").arg(QFileInfo(dir).fileName(), type));
    job_.start(dir, out, *t);
    emit busyChanged();
}

void ConversionController::importFolder(const QUrl& folder, const QString& type) {
    const QString dir = folder.isLocalFile() ? folder.toLocalFile() : folder.toString();
    if (busy()) {
        setStatus(tr("Cannot convert."), tr("Another model is being converted; wait until it finishes."));
        return;
    }
    inspecting_ = true;
    emit busyChanged();
    setStatus(tr("Reading %1…").arg(QFileInfo(dir).fileName()));
    auto* watcher = new QFutureWatcher<Inspection>(this);
    connect(watcher, &QFutureWatcher<Inspection>::finished, this, [this, watcher, dir, type] {
        const Inspection r = watcher->result();
        watcher->deleteLater();
        inspecting_ = false;
        emit busyChanged();
        if (!r.error.isEmpty()) {
            setStatus(tr("This folder cannot be converted."), r.error);
            return;
        }
        start(dir, type, {});
    });
    watcher->setFuture(QtConcurrent::run([dir] {
        Inspection r;
        try {
            const glm::CheckpointInfo info = glm::inspect_checkpoint(QFile::encodeName(dir).toStdString());
            r.description = QString::fromStdString(info.format);
        } catch (const glm::Error& e) {
            r.error = QString::fromStdString(e.what());
        }
        return r;
    }));
}

void ConversionController::cancel() { job_.cancel(); }

void ConversionController::deleteCheckpoint() {
    if (deletable_.isEmpty() || !library_) return;
    library_->remove(deletable_);
}
