#include "viewmodels/byte_format.h"

#include <QCoreApplication>
#include <QLocale>

QString formatBytes(qint64 bytes) {
    // Decimal units (GB = 10^9), as disks and download sites count them.
    return QLocale().formattedDataSize(qMax<qint64>(bytes, 0), 1, QLocale::DataSizeSIFormat);
}

QString formatDuration(qint64 seconds) {
    if (seconds < 0) return {};
    if (seconds < 60)
        return QCoreApplication::translate("ByteFormat", "%n s left", nullptr, int(seconds));
    if (seconds < 3600) {
        const int minutes = int((seconds + 59) / 60);
        return QCoreApplication::translate("ByteFormat", "%n min left", nullptr, minutes);
    }
    return QCoreApplication::translate("ByteFormat", "%1 h %2 min left")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60);
}
