#include "common/data_directory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace glm::app {

DataDirectory DataDirectory::resolve(const QString& commandLineDir) {
    DataDirectory d;
    QString chosen = commandLineDir;
    if (chosen.isEmpty()) chosen = qEnvironmentVariable(kEnvironmentVariable);
    if (!chosen.isEmpty()) {
        d.portable_ = true;
        d.root_ = QDir::cleanPath(QDir(chosen).absolutePath());
    } else {
        // The same folder as the model manager's and glm-cli's: <generic data>/glm-chat.
        d.root_ = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                  QStringLiteral("/glm-chat");
    }
    return d;
}

QString DataDirectory::modelsDirectory() const {
    return root_ + QStringLiteral("/models");
}

QString DataDirectory::cacheDirectory() const {
    return portable_ ? root_ + QStringLiteral("/cache") : QString();
}

bool DataDirectory::prepare(QString* error) const {
    const QFileInfo info(root_);
    if (info.exists() && !info.isDir()) {
        *error = QCoreApplication::translate("DataDirectory",
                                             "The data folder %1 is a file, not a folder. "
                                             "Choose another folder with --data-dir.")
                     .arg(QDir::toNativeSeparators(root_));
        return false;
    }
    if (!QDir().mkpath(root_) || !QFileInfo(root_).isWritable()) {
        *error = QCoreApplication::translate("DataDirectory",
                                             "Cannot create or write the data folder %1. Check "
                                             "its permissions, or choose another folder with "
                                             "--data-dir.")
                     .arg(QDir::toNativeSeparators(root_));
        return false;
    }
    return true;
}

std::unique_ptr<QSettings> DataDirectory::openSettings() const {
    if (portable_)
        return std::make_unique<QSettings>(root_ + QStringLiteral("/settings.ini"),
                                           QSettings::IniFormat);
    return std::make_unique<QSettings>();
}

} // namespace glm::app
