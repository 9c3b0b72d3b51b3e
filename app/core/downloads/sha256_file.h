// SHA-256 of a file's first bytes, for re-hashing a partial download before resuming it.
// Blocking: call it on a worker thread (QtConcurrent::run), never on the UI thread.
#pragma once

#include <QCryptographicHash>
#include <QString>
#include <atomic>
#include <memory>

namespace glm::app {

struct PrefixHash {
    // The running hash over the first `bytes` bytes, ready to be continued with more data.
    std::shared_ptr<QCryptographicHash> hash;
    qint64 bytes = 0;
    QString error; // non-empty when the file could not be read
    bool cancelled = false;
};

// Hashes bytes [0, length) of path; stops early (cancelled = true) when *cancel becomes true.
PrefixHash hashFilePrefix(const QString& path, qint64 length,
                          const std::atomic<bool>* cancel = nullptr);

// Convenience for tests and the library: the hex digest of a whole file, empty on error.
QString sha256HexOfFile(const QString& path);

} // namespace glm::app
