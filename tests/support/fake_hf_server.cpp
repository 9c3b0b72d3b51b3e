#include "fake_hf_server.h"

#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

FakeHfServer::FakeHfServer(QObject* parent) : QObject(parent) {
    connect(&server_, &QTcpServer::newConnection, this, &FakeHfServer::onNewConnection);
}

FakeHfServer::~FakeHfServer() {
    for (QTcpSocket* s : buffers_.keys()) s->abort();
}

bool FakeHfServer::listen() {
    return server_.listen(QHostAddress::LocalHost, 0);
}

QList<FakeHfServer::Request> FakeHfServer::requestsFor(const QByteArray& path) const {
    QList<Request> out;
    for (const Request& r : requests_)
        if (r.path == path) out.append(r);
    return out;
}

qint64 FakeHfServer::bodyBytesServed(const QByteArray& path) const {
    qint64 sum = 0;
    for (const Request& r : requests_)
        if (r.path == path) sum += r.bodyBytesSent;
    return sum;
}

void FakeHfServer::onNewConnection() {
    while (QTcpSocket* s = server_.nextPendingConnection()) {
        s->setParent(this);
        buffers_.insert(s, {});
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        connect(s, &QTcpSocket::disconnected, this, [this, s] {
            buffers_.remove(s);
            s->deleteLater();
        });
    }
}

void FakeHfServer::onReadyRead(QTcpSocket* socket) {
    QByteArray& buf = buffers_[socket];
    buf += socket->readAll();
    const qsizetype end = buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const QList<QByteArray> lines = buf.left(end).split('\n');
    buf.clear();
    Request r;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    r.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.insert(lines[i].left(colon).trimmed().toLower(),
                             lines[i].mid(colon + 1).trimmed());
    }
    static const QRegularExpression range(QStringLiteral("^bytes=(\\d+)-(\\d*)$"));
    const auto m = range.match(QString::fromLatin1(r.headers.value("range")));
    if (m.hasMatch()) r.rangeStart = m.captured(1).toLongLong();
    requests_.append(r);
    respond(socket, int(requests_.size() - 1));
}

void FakeHfServer::respond(QTcpSocket* socket, int index) {
    Request& r = requests_[index];
    Behaviour b = always_.value(r.path);
    if (!once_.value(r.path).isEmpty()) b = once_[r.path].takeFirst();
    auto head = [&](int status, const QByteArray& reason, QList<QByteArray> extra, qint64 length) {
        r.status = status;
        QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
        for (const QByteArray& e : extra + b.headers) h += e + "\r\n";
        h += "Content-Length: " + QByteArray::number(length) + "\r\nConnection: close\r\n\r\n";
        socket->write(h);
    };
    if (b.fault == Fault::Status) {
        const QByteArray body = "status " + QByteArray::number(b.status);
        head(b.status, "Fault", {"Content-Type: text/plain"}, body.size());
        return writeBody(socket, index, body, true);
    }
    if (b.fault == Fault::Redirect) {
        head(302, "Found", {"Location: " + b.location}, 0);
        return writeBody(socket, index, {}, true);
    }
    if (!files_.contains(r.path)) {
        head(404, "Not Found", {"Content-Type: text/plain"}, 9);
        return writeBody(socket, index, "not found", true);
    }
    QByteArray content = files_.value(r.path);
    if (b.fault == Fault::WrongBytes && !content.isEmpty())
        content[content.size() / 2] = char(content[content.size() / 2] ^ 0x5a);
    const qint64 size = content.size();
    if (b.fault == Fault::Answer416 ||
        (r.rangeStart >= size && b.fault != Fault::IgnoreRange && r.rangeStart >= 0)) {
        head(416, "Range Not Satisfiable", {"Content-Range: bytes */" + QByteArray::number(size)},
             0);
        return writeBody(socket, index, {}, true);
    }
    QByteArray body = content;
    if (r.rangeStart >= 0 && b.fault != Fault::IgnoreRange) {
        body = content.mid(r.rangeStart);
        head(206, "Partial Content",
             {"Accept-Ranges: bytes", "Content-Range: bytes " + QByteArray::number(r.rangeStart) +
                                          '-' + QByteArray::number(size - 1) + '/' +
                                          QByteArray::number(size)},
             body.size());
    } else {
        head(200, "OK", {"Accept-Ranges: bytes", "Content-Type: application/octet-stream"},
             body.size());
    }
    switch (b.fault) {
    case Fault::DropAfter:
        return writeBody(socket, index, body.left(b.bytes), true);
    case Fault::Stall:
        return writeBody(socket, index, body.left(b.bytes), false);
    case Fault::Trickle:
        return trickle(socket, index, body, b);
    default:
        return writeBody(socket, index, body, true);
    }
}

void FakeHfServer::writeBody(QTcpSocket* socket, int index, const QByteArray& body, bool close) {
    socket->write(body);
    requests_[index].bodyBytesSent += body.size();
    if (close) socket->disconnectFromHost(); // sends what is buffered, then closes
}

void FakeHfServer::trickle(QTcpSocket* socket, int index, QByteArray rest, const Behaviour& b) {
    QPointer<QTcpSocket> guard(socket);
    const QByteArray chunk = rest.left(b.chunk);
    rest.remove(0, chunk.size());
    writeBody(socket, index, chunk, rest.isEmpty());
    if (rest.isEmpty()) return;
    QTimer::singleShot(b.delayMs, this, [this, guard, index, rest, b] {
        if (guard && guard->state() == QAbstractSocket::ConnectedState)
            trickle(guard, index, rest, b);
    });
}
