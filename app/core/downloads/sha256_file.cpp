#include "downloads/sha256_file.h"

#include <QFile>

namespace glm::app {

PrefixHash hashFilePrefix(const QString& path, qint64 length, const std::atomic<bool>* cancel) {
    PrefixHash out;
    out.hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = file.errorString();
        return out;
    }
    QByteArray buffer(4 << 20, Qt::Uninitialized);
    while (out.bytes < length) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            out.cancelled = true;
            return out;
        }
        const qint64 want = qMin<qint64>(buffer.size(), length - out.bytes);
        const qint64 got = file.read(buffer.data(), want);
        if (got <= 0) {
            out.error =
                got < 0 ? file.errorString() : QStringLiteral("the file is shorter than expected");
            return out;
        }
        out.hash->addData(QByteArrayView(buffer.constData(), got));
        out.bytes += got;
    }
    return out;
}

QString sha256HexOfFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const PrefixHash h = hashFilePrefix(path, file.size());
    if (!h.error.isEmpty()) return {};
    return QString::fromLatin1(h.hash->result().toHex());
}

} // namespace glm::app
