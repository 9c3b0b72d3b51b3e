#include "library/quantize_job.h"

#include "glm/convert.h"
#include "glm/error.h"
#include "library/library_log.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLockFile>
#include <QMetaObject>
#include <QPointer>
#include <utility>

namespace glm::app {

QuantizeJob::QuantizeJob(QObject* parent) : QObject(parent) {}

QuantizeJob::~QuantizeJob() {
    if (thread_) {
        cancel_->store(true);
        thread_->wait();
        delete thread_;
    }
}

QString QuantizeJob::outputFileName(const QString& checkpointDir, glm::TensorType type) {
    const QString base = QFileInfo(QDir::cleanPath(checkpointDir)).fileName();
    return base + "-" + QString::fromLatin1(glm::to_string(type)).toLower() + ".gguf";
}

QString QuantizeJob::partialLockPath(const QString& outputPath) {
    return outputPath + QStringLiteral(".partial.lock");
}

bool QuantizeJob::running() const {
    return active_;
}

bool QuantizeJob::start(const QString& checkpointDir, const QString& outputPath,
                        glm::TensorType type) {
    if (running()) {
        emit failed(tr("A conversion is already running."));
        return false;
    }
    if (thread_) { // the previous job has reported its end; its thread is exiting or gone
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    active_ = true;
    qCInfo(lcLibrary).noquote() << "conversion to" << glm::to_string(type)
                                << "starts:" << checkpointDir << "->" << outputPath;
    auto flag = cancel_;
    const std::string in = QFile::encodeName(checkpointDir).toStdString();
    const std::string out = QFile::encodeName(outputPath).toStdString();
    QPointer<QuantizeJob> self(this);
    const QString lockPath = partialLockPath(outputPath);
    const bool cancelAtFirstProgress = std::exchange(cancelAtFirstProgress_, false);
    thread_ = QThread::create([self, flag, in, out, type, lockPath, cancelAtFirstProgress] {
        // Marks the .partial as this process's while it is written: the cleanup of partials
        // left by a killed run (ModelLibrary::removeStalePartials) leaves it alone.
        QLockFile owner(lockPath);
        owner.tryLock(0);
        glm::ConvertOptions options;
        options.type = type;
        options.cancel = flag.get();
        QElapsedTimer since_report;
        since_report.start();
        options.progress = [&](uint64_t done, uint64_t total) {
            if (cancelAtFirstProgress) flag->store(true);
            if (since_report.elapsed() < 100 && done < total) return;
            since_report.restart();
            const double f = total ? double(done) / double(total) : 1.0;
            const qint64 d = qint64(done), t = qint64(total);
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, f, d, t] {
                        if (!self) return;
                        emit self->progress(f);
                        emit self->bytesProgress(d, t);
                    },
                    Qt::QueuedConnection);
        };
        QElapsedTimer clock;
        clock.start();
        auto report = [self](auto fn) {
            if (self) QMetaObject::invokeMethod(self, fn, Qt::QueuedConnection);
        };
        try {
            const glm::ConvertResult r = glm::convert_checkpoint(in, out, options);
            const QString path = QFile::decodeName(r.output.c_str());
            const qint64 bytes = qint64(r.output_bytes);
            const double seconds = clock.elapsed() / 1000.0;
            qCInfo(lcLibrary).noquote()
                << "conversion finished:" << path << bytes << "bytes in" << seconds << "s";
            report([self, path, bytes, seconds] {
                if (!self) return;
                self->active_ = false;
                emit self->finished(path, bytes, seconds);
            });
        } catch (const glm::Error& e) {
            const bool was_cancel = e.kind() == glm::ErrorKind::Cancelled;
            const QString msg = QString::fromStdString(e.what());
            if (was_cancel)
                qCInfo(lcLibrary) << "conversion cancelled";
            else
                qCWarning(lcLibrary).noquote() << "conversion failed:" << msg;
            report([self, was_cancel, msg] {
                if (!self) return;
                self->active_ = false;
                if (was_cancel)
                    emit self->cancelled();
                else
                    emit self->failed(msg);
            });
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            qCWarning(lcLibrary).noquote() << "conversion failed:" << msg;
            report([self, msg] {
                if (!self) return;
                self->active_ = false;
                emit self->failed(msg);
            });
        }
    });
    thread_->start();
    return true;
}

void QuantizeJob::cancel() {
    if (cancel_) cancel_->store(true);
}

} // namespace glm::app
