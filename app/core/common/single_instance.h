// One glm-chat per data folder. Two windows on the same history would each write their own
// view of it (a message sent from the stale one becomes a sibling of the other's), so the
// first instance holds a lock file in the data folder and listens on a local socket named
// after that folder; a second launch hands its request (a model to open, if any) to the first,
// which brings its window forward, and then ends.
#pragma once

#include <QLocalServer>
#include <QLockFile>
#include <QObject>
#include <memory>

namespace glm::app {

class SingleInstance : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(const QString& dataRoot, QObject* parent = nullptr);
    ~SingleInstance() override;

    // True: this is the data folder's only instance (it now answers later launches). False:
    // another running instance holds the folder. A folder where no lock can be written (read
    // only) cannot be shared either way: that counts as claimed.
    bool claim();
    // From a second launch: asks the running instance to come forward and open `modelPath`
    // (may be empty). False when it does not answer within `timeoutMs`.
    bool activateRunning(const QString& modelPath, int timeoutMs = 5000);
    // The process that holds the folder (0 when unknown).
    qint64 runningPid() const;

    // The local socket's name for a data folder (per user, per folder).
    static QString serverName(const QString& dataRoot);

signals:
    // Another launch asked this instance to come forward (and to open this model, if not empty).
    void activationRequested(const QString& modelPath);

private:
    void onConnection();

    QString root_;
    QString serverName_;
    std::unique_ptr<QLockFile> lock_;
    QLocalServer server_;
};

} // namespace glm::app
