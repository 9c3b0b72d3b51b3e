#include "common/single_instance.h"

#include "common/app_log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalSocket>

namespace glm::app {

namespace {

const QString kLockFileName = QStringLiteral("glm-chat.lock");
constexpr char kAnswer[] = "ok\n";

} // namespace

SingleInstance::SingleInstance(const QString& dataRoot, QObject* parent)
    : QObject(parent), root_(dataRoot), serverName_(serverName(dataRoot)),
      lock_(std::make_unique<QLockFile>(QDir(dataRoot).filePath(kLockFileName))) {
    // Only a lock whose process is gone is stale, however old it is.
    lock_->setStaleLockTime(0);
    connect(&server_, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
}

SingleInstance::~SingleInstance() {
    server_.close();
}

QString SingleInstance::serverName(const QString& dataRoot) {
    const QString canonical = QDir(dataRoot).canonicalPath();
    const QByteArray key = (QDir::homePath() + u'\n' +
                            (canonical.isEmpty() ? QDir(dataRoot).absolutePath() : canonical))
                               .toUtf8();
    return QStringLiteral("glm-chat-") +
           QString::fromLatin1(
               QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(24));
}

bool SingleInstance::claim() {
    if (!lock_->tryLock(0)) {
        if (lock_->error() != QLockFile::LockFailedError) return true; // read-only folder
        return false;
    }
    // A socket left by a crashed instance would make listen() fail; the lock says it is ours.
    QLocalServer::removeServer(serverName_);
    server_.setSocketOptions(QLocalServer::UserAccessOption);
    if (!server_.listen(serverName_))
        qWarning("glm-chat: later launches cannot reach this one (%s)",
                 qPrintable(server_.errorString()));
    return true;
}

qint64 SingleInstance::runningPid() const {
    qint64 pid = 0;
    QString host, app;
    return lock_->getLockInfo(&pid, &host, &app) ? pid : 0;
}

bool SingleInstance::activateRunning(const QString& modelPath, int timeoutMs) {
    QLocalSocket socket;
    socket.connectToServer(serverName_);
    if (!socket.waitForConnected(timeoutMs)) return false;
    socket.write(modelPath.toUtf8() + '\n');
    if (!socket.waitForBytesWritten(timeoutMs)) return false;
    while (socket.bytesAvailable() < qint64(sizeof(kAnswer) - 1))
        if (!socket.waitForReadyRead(timeoutMs)) return false;
    return socket.readAll().startsWith(kAnswer);
}

void SingleInstance::onConnection() {
    while (QLocalSocket* socket = server_.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        // One line: the model path (may be empty). A peer that sends nothing is dropped.
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > 64 * 1024) socket->abort();
                return;
            }
            const QString modelPath = QString::fromUtf8(socket->readLine()).trimmed();
            socket->write(kAnswer);
            socket->flush();
            socket->disconnectFromServer();
            qCInfo(lcApp).noquote()
                << "another launch handed over"
                << (modelPath.isEmpty() ? QStringLiteral("(no model)") : modelPath);
            emit activationRequested(modelPath);
        });
    }
}

} // namespace glm::app
