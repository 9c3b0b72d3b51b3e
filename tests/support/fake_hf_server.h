// A tiny HTTP/1.1 file server on 127.0.0.1 for download tests: serves files at any path, honours
// "Range: bytes=a-[b]", and misbehaves on request (drop the connection, ignore Range, answer 416,
// send wrong bytes, answer any status, stall, redirect, send slowly). It records every request so
// tests can check headers (Range, Authorization) and count the body bytes served.
// Runs in the test's thread; the test spins the event loop (QTRY_*, QSignalSpy::wait).
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

class FakeHfServer : public QObject {
    Q_OBJECT
public:
    enum class Fault {
        None,
        DropAfter,   // send `bytes` body bytes, then close the connection
        IgnoreRange, // answer 200 with the whole file even when a Range was asked
        Answer416,   // answer 416 Range Not Satisfiable ("bytes */size")
        WrongBytes,  // same size, one byte changed
        Status,      // answer `status` with a short text body
        Stall,       // send `bytes` body bytes, then nothing, keeping the connection open
        Redirect,    // answer 302 to `location`
        Trickle,     // send the body `chunk` bytes every `delayMs`
    };
    struct Behaviour {
        Fault fault = Fault::None;
        qint64 bytes = 0;
        int status = 0;
        QByteArray location;
        qint64 chunk = 16 * 1024;
        int delayMs = 10;
        QList<QByteArray> headers; // extra response headers ("Name: value")
    };
    struct Request {
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names lowercased
        qint64 rangeStart = -1;                // -1: no Range header
        int status = 0;
        qint64 bodyBytesSent = 0;
    };

    explicit FakeHfServer(QObject* parent = nullptr);
    ~FakeHfServer() override;

    bool listen();
    quint16 port() const { return server_.serverPort(); }
    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

    void addFile(const QByteArray& path, const QByteArray& content) {
        files_.insert(path, content);
    }
    // Behaviours for one path: `once` are used one per request, in order; then `always`.
    void pushOnce(const QByteArray& path, const Behaviour& b) { once_[path].append(b); }
    void setAlways(const QByteArray& path, const Behaviour& b) { always_[path] = b; }
    void clearBehaviours() {
        once_.clear();
        always_.clear();
    }

    const QList<Request>& requests() const { return requests_; }
    QList<Request> requestsFor(const QByteArray& path) const;
    qint64 bodyBytesServed(const QByteArray& path) const;
    void clearRequests() { requests_.clear(); }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void respond(QTcpSocket* socket, int requestIndex);
    void writeBody(QTcpSocket* socket, int requestIndex, const QByteArray& body, bool close);
    void trickle(QTcpSocket* socket, int requestIndex, QByteArray rest, const Behaviour& b);

    QTcpServer server_;
    QHash<QByteArray, QByteArray> files_;
    QHash<QByteArray, QList<Behaviour>> once_;
    QHash<QByteArray, Behaviour> always_;
    QList<Request> requests_;
    QHash<QTcpSocket*, QByteArray> buffers_;
};
