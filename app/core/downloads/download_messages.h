// What a failed download says to the user: what went wrong, in words, and what to do. Kept in
// one place so the wording stays consistent and translators find it together (context
// "DownloadTask").
#pragma once

#include <QString>

namespace glm::app::downloadMessages {

QString cannotCreateFolder(const QString& folder);
QString existsWithOtherSize(const QString& path, qint64 size, qint64 expected);
QString cannotOpenPart(const QString& path, const QString& why);
QString writeFailed(const QString& path, const QString& why);
QString accessRefused(const QString& file, int status);
QString notFound(const QString& file);
QString tlsFailed(const QString& file, const QString& why);
QString insecureRedirect(const QString& file);
QString tooManyRedirects(const QString& file);
QString sizeMismatch(const QString& file, qint64 serverSize, qint64 catalogueSize);
QString tooMuchData(const QString& file, qint64 catalogueSize);
QString wrongLength(const QString& file, qint64 size, qint64 expected);
QString hashMismatch(const QString& file, const QString& got, const QString& expected);
QString serverHashDiffers(const QString& file, const QString& server, const QString& catalogue);
QString gaveUp(const QString& file, int attempts, const QString& reason);

} // namespace glm::app::downloadMessages
