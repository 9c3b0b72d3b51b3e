#include "downloads/download_messages.h"

#include <QCoreApplication>
#include <QDir>

namespace glm::app::downloadMessages {
namespace {
QString native(const QString& path) {
    return QDir::toNativeSeparators(path);
}
} // namespace

QString cannotCreateFolder(const QString& folder) {
    return QCoreApplication::translate(
               "DownloadTask",
               "Cannot create the folder %1. Choose a models folder you can write to.")
        .arg(native(folder));
}

QString existsWithOtherSize(const QString& path, qint64 size, qint64 expected) {
    return QCoreApplication::translate(
               "DownloadTask",
               "%1 already exists but its size (%2 bytes) is not the expected %3 bytes. Delete it "
               "and retry.")
        .arg(native(path))
        .arg(size)
        .arg(expected);
}

QString cannotOpenPart(const QString& path, const QString& why) {
    return QCoreApplication::translate(
               "DownloadTask", "Cannot write %1: %2. Choose a models folder you can write to.")
        .arg(native(path), why);
}

QString writeFailed(const QString& path, const QString& why) {
    return QCoreApplication::translate(
               "DownloadTask", "Cannot write %1: %2. Is the disk full? Free some space and retry.")
        .arg(native(path), why);
}

QString accessRefused(const QString& file, int status) {
    return QCoreApplication::translate(
               "DownloadTask",
               "The server refused access to %1 (HTTP %2). The model may require you to accept its "
               "licence on its "
               "page and to set an access token.")
        .arg(file)
        .arg(status);
}

QString notFound(const QString& file) {
    return QCoreApplication::translate(
               "DownloadTask",
               "%1 was not found on the server (HTTP 404). The catalogue or the mirror may be out "
               "of date.")
        .arg(file);
}

QString tlsFailed(const QString& file, const QString& why) {
    return QCoreApplication::translate(
               "DownloadTask",
               "The secure connection for %1 failed: %2. GLM Chat only downloads over verified "
               "connections; check "
               "the system clock, a proxy, or the mirror setting.")
        .arg(file, why);
}

QString insecureRedirect(const QString& file) {
    return QCoreApplication::translate(
               "DownloadTask",
               "The server redirected %1 to an insecure address; GLM Chat does not follow it.")
        .arg(file);
}

QString tooManyRedirects(const QString& file) {
    return QCoreApplication::translate("DownloadTask", "Too many redirects while downloading %1.")
        .arg(file);
}

QString sizeMismatch(const QString& file, qint64 serverSize, qint64 catalogueSize) {
    return QCoreApplication::translate(
               "DownloadTask",
               "The server says %1 has %2 bytes, but the catalogue says %3. The download was "
               "stopped and its "
               "partial file deleted; the catalogue or the mirror is out of date.")
        .arg(file)
        .arg(serverSize)
        .arg(catalogueSize);
}

QString tooMuchData(const QString& file, qint64 catalogueSize) {
    return QCoreApplication::translate(
               "DownloadTask",
               "The server sent more data for %1 than the catalogue says the file has (%2 bytes). "
               "The partial file "
               "was deleted; the catalogue or the mirror is out of date.")
        .arg(file)
        .arg(catalogueSize);
}

QString wrongLength(const QString& file, qint64 size, qint64 expected) {
    return QCoreApplication::translate(
               "DownloadTask",
               "%1 has %2 bytes instead of %3. The partial file was deleted; retry to download it "
               "again.")
        .arg(file)
        .arg(size)
        .arg(expected);
}

QString hashMismatch(const QString& file, const QString& got, const QString& expected) {
    return QCoreApplication::translate(
               "DownloadTask",
               "%1 is damaged: its SHA-256 is %2 but the catalogue expects %3. The partial file "
               "was "
               "deleted; retry "
               "to download it again. If this repeats, the mirror serves a different file.")
        .arg(file, got, expected);
}

QString serverHashDiffers(const QString& file, const QString& server, const QString& catalogue) {
    return QCoreApplication::translate(
               "DownloadTask",
               "The server says %1 has the SHA-256 %2, but the catalogue expects %3. Nothing "
               "was downloaded; the catalogue or the mirror is out of date.")
        .arg(file, server, catalogue);
}

QString gaveUp(const QString& file, int attempts, const QString& reason) {
    return QCoreApplication::translate(
               "DownloadTask",
               "Downloading %1 failed %2 times in a row: %3. Check the network and retry.")
        .arg(file)
        .arg(attempts)
        .arg(reason);
}

} // namespace glm::app::downloadMessages
