#include "viewmodels/conversion_controller.h"

#include "glm/convert.h"
#include "glm/error.h"
#include "viewmodels/byte_format.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>
#include <utility>

namespace {

struct Inspection {
    QString error;
    QString description;
    QString missingTokenizer; // the tokenizer file the folder lacks ("" when it has it)
};

qint64 folder_bytes(const QString& dir) {
    qint64 n = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) n += QFileInfo(it.next()).size();
    return n;
}

} // namespace

ConversionController::ConversionController(CatalogListModel* catalog,
                                           glm::app::ModelLibrary* library, QObject* parent)
    : QObject(parent), catalog_(catalog), library_(library) {
    using glm::app::QuantizeJob;
    if (catalog_) {
        connect(catalog_, &CatalogListModel::convertRequested, this,
                [this](const QString& modelId, const QString& dir, const QString& type) {
                    start(dir, type, modelId, {});
                });
        catalog_->setConversionAvailable(true);
    }
    connect(&job_, &QuantizeJob::progress, this, [this](double f) {
        progress_ = f;
        emit progressChanged();
        if (catalog_ && !modelId_.isEmpty()) catalog_->conversionProgress(modelId_, f);
    });
    connect(&job_, &QuantizeJob::bytesProgress, this, [this](qint64 done, qint64 total) {
        const qint64 ms = clock_.elapsed();
        // Estimated from the rate so far, once a second of it and a little data are in.
        const qint64 left = ms >= 1000 && done > 0 && total >= done
                                ? qint64(double(total - done) * double(ms) / double(done) / 1000.0)
                                : -1;
        progressText_ = describeProgress(done, total, left);
        emit progressChanged();
    });
    connect(&job_, &QuantizeJob::finished, this,
            [this](const QString& path, qint64 bytes, double seconds) {
                progress_ = 1;
                emit progressChanged();
                if (catalog_ && !modelId_.isEmpty()) catalog_->conversionFinished(modelId_, path);
                if (library_) library_->refresh();
                // Offer to delete only what the app downloaded, never a folder the user imported.
                deletable_ = modelId_.isEmpty() ? QString() : checkpoint_;
                const QString done = tr("Converted into %1 (%2) in %3 s.")
                                         .arg(QFileInfo(path).fileName(), formatBytes(bytes))
                                         .arg(seconds, 0, 'f', 1);
                if (missingTokenizer_.isEmpty())
                    setStatus(done);
                else
                    setStatus(done,
                              tr("It cannot chat: it has no tokenizer, because %1 was missing. Put "
                                 "%1 into %2 and import the folder again.")
                                  .arg(missingTokenizer_, QDir::toNativeSeparators(checkpoint_)));
                // The size of the checkpoint that could now be deleted, counted off the UI thread.
                auto* watcher = new QFutureWatcher<qint64>(this);
                connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher] {
                    deletableSize_ = formatBytes(watcher->result());
                    watcher->deleteLater();
                    emit statusChanged();
                });
                if (!deletable_.isEmpty())
                    watcher->setFuture(QtConcurrent::run(folder_bytes, deletable_));
                else
                    watcher->deleteLater();
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

QString ConversionController::outputPath(const QString& dir, glm::TensorType type) const {
    const QString models = library_ ? library_->modelsDirectory() : QFileInfo(dir).absolutePath();
    return QDir(models).filePath(glm::app::QuantizeJob::outputFileName(dir, type));
}

bool ConversionController::alreadyConverted(const QString& dir, const QString& type) const {
    const auto t = glm::tensor_type_from_string(type.toStdString());
    return t && QFileInfo::exists(outputPath(dir, *t));
}

void ConversionController::start(const QString& dir, const QString& type, const QString& modelId,
                                 const QString& missing) {
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
    missingTokenizer_ = missing;
    progressText_.clear();
    clock_.start();
    deletable_.clear();
    deletableSize_.clear();
    progress_ = 0;
    emit progressChanged();
    const QString out = outputPath(dir, *t);
    QDir().mkpath(QFileInfo(out).absolutePath());
    if (QFileInfo::exists(out)) {
        const QString msg =
            tr("%1 already exists in the models folder; delete it first to convert again.")
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
    cancelPendingImport();
    if (busy()) {
        setStatus(tr("Cannot convert."),
                  tr("Another model is being converted; wait until it finishes."));
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
        // (A folder converted before is refused by start() without asking about the tokenizer.)
        if (!r.missingTokenizer.isEmpty() && !alreadyConverted(dir, type)) {
            // Ask first: the result would load but could not chat.
            pendingDir_ = dir;
            pendingType_ = type;
            missingTokenizer_ = r.missingTokenizer;
            tokenizerWarning_ =
                tr("%1 has no tokenizer file (%2). Without it the converted model cannot chat. "
                   "Put %2 from the model's original download into %1, then import again — or "
                   "convert anyway.")
                    .arg(QDir::toNativeSeparators(dir), r.missingTokenizer);
            setStatus(tr("Waiting for your choice: the tokenizer file is missing."));
            emit pendingImportChanged();
            return;
        }
        start(dir, type, {}, {});
    });
    watcher->setFuture(QtConcurrent::run([dir] {
        Inspection r;
        try {
            const glm::CheckpointInfo info =
                glm::inspect_checkpoint(QFile::encodeName(dir).toStdString());
            r.description = QString::fromStdString(info.format);
            if (!info.has_tokenizer)
                r.missingTokenizer =
                    QString::fromStdString(glm::tokenizer_file_name(info.config.generation));
        } catch (const glm::Error& e) {
            r.error = QString::fromStdString(e.what());
        }
        return r;
    }));
}

void ConversionController::convertAnyway() {
    if (pendingDir_.isEmpty()) return;
    const QString dir = std::exchange(pendingDir_, {});
    const QString type = std::exchange(pendingType_, {});
    const QString missing = missingTokenizer_;
    tokenizerWarning_.clear();
    emit pendingImportChanged();
    start(dir, type, {}, missing);
}

void ConversionController::cancelPendingImport() {
    if (pendingDir_.isEmpty()) return;
    pendingDir_.clear();
    pendingType_.clear();
    missingTokenizer_.clear();
    tokenizerWarning_.clear();
    emit pendingImportChanged();
    setStatus(tr("Not converted; nothing was written."));
}

QStringList ConversionController::outputTypes() const {
    using glm::app::QuantType;
    return {glm::app::quantTypeKey(QuantType::Q4_0), glm::app::quantTypeKey(QuantType::Q8_0),
            glm::app::quantTypeKey(QuantType::F16)};
}

QString ConversionController::describeProgress(qint64 done, qint64 total, qint64 secondsLeft) {
    if (total <= 0) return {};
    done = qBound<qint64>(0, done, total);
    const int percent = int(done * 100 / total);
    QString text =
        tr("%1% · %2 of %3 read").arg(percent).arg(formatBytes(done), formatBytes(total));
    if (secondsLeft >= 0 && done < total)
        text += QStringLiteral(" · ") + formatDuration(secondsLeft);
    return text;
}

void ConversionController::cancel() {
    job_.cancel();
}

void ConversionController::deleteCheckpoint() {
    if (deletable_.isEmpty() || !library_) return;
    library_->remove(deletable_);
}
