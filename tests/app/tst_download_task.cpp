// DownloadTask against a local server that misbehaves on request. In every case the task ends
// with a verified file in place or a clear error and no file in place, and a resume asks only
// for the bytes it does not have.
#include "download_test_support.h"
#include "downloads/download_task.h"
#include "fake_hf_server.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>
#include <memory>

using namespace glm::app;
using namespace glm::test;
using Fault = FakeHfServer::Fault;
using State = DownloadTask::State;

namespace {

const QByteArray kPath = "/test/tiny/resolve/0123456789abcdef0123456789abcdef01234567/model.bin";

DownloadOptions fastOptions() {
    DownloadOptions o;
    o.maxRetries = 3;
    o.backoffInitialMs = 20;
    o.backoffMaxMs = 100;
    o.stallTimeoutMs = 400;
    return o;
}

// Lets a test act on a reply's own signals (as a user's Pause would, at any moment).
class WatchingNam : public QNetworkAccessManager {
public:
    std::function<void(QNetworkReply*)> onReply;

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request,
                                 QIODevice* data) override {
        QNetworkReply* reply = QNetworkAccessManager::createRequest(op, request, data);
        if (onReply) onReply(reply);
        return reply;
    }
};

bool finished(const DownloadTask& t) {
    return t.state() == State::Completed || t.state() == State::Failed ||
           t.state() == State::Cancelled;
}

} // namespace

class TestDownloadTask : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<FakeHfServer> server_;
    std::unique_ptr<QNetworkAccessManager> nam_;
    QByteArray content_;

    QString finalPath() const { return dir_->filePath(QStringLiteral("model.bin")); }
    QString partPath() const { return DownloadTask::partPath(finalPath()); }

    DownloadFileRequest request(const QByteArray& content, const QByteArray& path = kPath) const {
        DownloadFileRequest r;
        r.url = QUrl(server_->endpoint() + QString::fromLatin1(path));
        r.finalPath = finalPath();
        r.expectedSize = content.size();
        r.expectedSha256 = sha256Hex(content);
        r.endpoint = *HfEndpoint::parse(server_->endpoint(), nullptr);
        return r;
    }

    std::unique_ptr<DownloadTask> makeTask(const DownloadFileRequest& r,
                                           DownloadOptions o = fastOptions()) {
        return std::make_unique<DownloadTask>(nam_.get(), r, o);
    }

    void runToEnd(DownloadTask& t, int timeoutMs = 15000) {
        t.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished(t), timeoutMs);
    }

    void verifyCompleted(const DownloadTask& t) {
        QCOMPARE(t.state(), State::Completed);
        QCOMPARE(readAll(finalPath()), content_);
        QVERIFY(!QFileInfo::exists(partPath()));
        QVERIFY(!QFileInfo::exists(DownloadTask::sidecarPath(finalPath())));
    }

    void verifyFailedAndNothingInPlace(const DownloadTask& t, const QString& messagePart) {
        QCOMPARE(t.state(), State::Failed);
        QVERIFY2(t.errorString().contains(messagePart, Qt::CaseInsensitive),
                 qPrintable(t.errorString()));
        QVERIFY(!QFileInfo::exists(finalPath()));
    }

    // A part file from an earlier session: the first n bytes, and the sidecar that says what it
    // belongs to.
    void writePart(qint64 n, const QByteArray& content) {
        QVERIFY(writeAll(partPath(), content.left(n)));
    }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        server_ = std::make_unique<FakeHfServer>();
        QVERIFY(server_->listen());
        nam_ = std::make_unique<QNetworkAccessManager>();
        nam_->setProxy(
            QNetworkProxy::NoProxy); // never route 127.0.0.1 through a proxy from the environment
        content_ = patternBytes(600 * 1024 + 17);
        server_->addFile(kPath, content_);
    }
    void cleanup() {
        nam_.reset();
        server_.reset();
        dir_.reset();
    }

    void downloadsAndVerifies() {
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(server_->requests().size(), 1);
        QCOMPARE(server_->requests()[0].rangeStart, -1);
        QCOMPARE(server_->requests()[0].headers.value("accept-encoding"), QByteArray("identity"));
        QCOMPARE(t->bytesDone(), content_.size());
    }

    void dropMidFileResumesFromWhatItHas() {
        server_->pushOnce(kPath, {Fault::DropAfter, 200000});
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        const auto reqs = server_->requestsFor(kPath);
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs[1].rangeStart, 200000);
        QCOMPARE(reqs[1].status, 206);
        QCOMPARE(server_->bodyBytesServed(kPath), content_.size()); // nothing downloaded twice
    }

    void ignoredRangeRestartsFromZero() {
        // A part with the right first bytes, and a server that answers every Range with 200.
        writePart(250000, content_);
        server_->setAlways(kPath, {Fault::IgnoreRange});
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t); // the full body was not appended to the part
        const auto reqs = server_->requestsFor(kPath);
        QCOMPARE(reqs.size(), 1);
        QCOMPARE(reqs[0].rangeStart, 250000);
        QCOMPARE(reqs[0].status, 200);
    }

    void completePartIsVerifiedWithoutDownloading() {
        writePart(content_.size(), content_);
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(server_->requests().size(), 0);
    }

    void answer416WithCompletePartVerifiesIt() {
        // Size not in the catalogue: the task has to ask, and 416 says the part is complete.
        writePart(content_.size(), content_);
        DownloadFileRequest r = request(content_);
        r.expectedSize = -1;
        auto t = makeTask(r);
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(server_->requests().size(), 1);
        QCOMPARE(server_->requests()[0].status, 416);
        QCOMPARE(server_->bodyBytesServed(kPath), 0);
    }

    void answer416WithStalePartStartsAgain() {
        writePart(300000, patternBytes(300000, 99)); // bytes of some other file
        server_->pushOnce(kPath, {Fault::Answer416});
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        const auto reqs = server_->requestsFor(kPath);
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs[0].status, 416);
        QCOMPARE(reqs[1].rangeStart, -1); // from zero, the stale part deleted
    }

    void damagedCompletePartIsDownloadedAgain() {
        QByteArray damaged = content_;
        damaged[1000] = char(damaged[1000] ^ 1);
        writePart(damaged.size(), damaged);
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(server_->requests().size(), 1);
        QCOMPARE(server_->requests()[0].rangeStart, -1);
    }

    void wrongBytesAreRejected() {
        server_->setAlways(kPath, {Fault::WrongBytes});
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyFailedAndNothingInPlace(*t, QStringLiteral("SHA-256"));
        QVERIFY(t->errorString().contains(QStringLiteral("deleted")));
        QVERIFY(!QFileInfo::exists(partPath()));
    }

    void catalogueHashMismatchIsRejected() {
        DownloadFileRequest r = request(content_);
        r.expectedSha256 = sha256Hex("something else");
        auto t = makeTask(r);
        runToEnd(*t);
        verifyFailedAndNothingInPlace(*t, QStringLiteral("catalogue expects"));
        QVERIFY(!QFileInfo::exists(partPath()));
    }

    void catalogueSizeMismatchIsRejected() {
        DownloadFileRequest r = request(content_);
        r.expectedSize = content_.size() + 10;
        auto t = makeTask(r);
        runToEnd(*t);
        verifyFailedAndNothingInPlace(*t, QStringLiteral("catalogue says"));
        QVERIFY(!QFileInfo::exists(partPath()));
    }

    void notFoundIsAClearError() {
        auto t = makeTask(request(content_, "/test/tiny/resolve/main/missing.bin"));
        runToEnd(*t);
        verifyFailedAndNothingInPlace(*t, QStringLiteral("404"));
        QCOMPARE(server_->requests().size(), 1); // not retried
    }

    void serverErrorsAreRetried() {
        server_->pushOnce(kPath, {Fault::Status, 0, 500});
        server_->pushOnce(kPath, {Fault::Status, 0, 503});
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(server_->requests().size(), 3);
    }

    void persistentServerErrorGivesUp() {
        server_->setAlways(kPath, {Fault::Status, 0, 500});
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyFailedAndNothingInPlace(*t, QStringLiteral("HTTP 500"));
        QCOMPARE(server_->requests().size(), fastOptions().maxRetries + 1);
    }

    // Stopping a download whose reply has already failed (several files failing
    // at once when the network goes away, then the model's download stopping them all) must not
    // abort that reply again: Qt warns "QNetworkReplyImplPrivate::error: Internal problem, this
    // method must only be called once."
    void stoppingAfterAFailedReplyDoesNotAbortItAgain_data() {
        QTest::addColumn<bool>("cancel");
        QTest::newRow("pause") << false;
        QTest::newRow("cancel") << true;
    }
    void stoppingAfterAFailedReplyDoesNotAbortItAgain() {
        QFETCH(bool, cancel);
        QTest::failOnWarning(QRegularExpression(QStringLiteral("must only be called once")));
        server_->setAlways(kPath, {Fault::Status, 0, 500});
        WatchingNam nam;
        nam.setProxy(QNetworkProxy::NoProxy);
        DownloadTask t(&nam, request(content_), fastOptions());
        bool stopped = false;
        nam.onReply = [&](QNetworkReply* reply) {
            // errorOccurred comes before finished: the reply has failed but is not done.
            connect(reply, &QNetworkReply::errorOccurred, &t, [&] {
                if (stopped) return;
                stopped = true;
                cancel ? t.cancel() : t.pause();
            });
        };
        t.start();
        QTRY_VERIFY_WITH_TIMEOUT(stopped, 10000);
        QCOMPARE(t.state(), cancel ? State::Cancelled : State::Paused);
    }

    void stallIsDetectedAndResumed() {
        server_->pushOnce(kPath, {Fault::Stall, 100000});
        auto t = makeTask(request(content_));
        QSignalSpy states(t.get(), &DownloadTask::stateChanged);
        runToEnd(*t);
        verifyCompleted(*t);
        const auto reqs = server_->requestsFor(kPath);
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs[1].rangeStart, 100000);
    }

    void tokenIsNotForwardedToAnotherHost() {
        FakeHfServer cdn;
        QVERIFY(cdn.listen());
        const QByteArray cdnPath = "/cdn/blob/abc";
        cdn.addFile(cdnPath, content_);
        server_->setAlways(kPath, {Fault::Redirect, 0, 0, cdn.endpoint().toLatin1() + cdnPath});
        DownloadFileRequest r = request(content_);
        r.token = "hf_secret";
        auto t = makeTask(r);
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(server_->requests().size(), 1);
        QCOMPARE(server_->requests()[0].headers.value("authorization"),
                 QByteArray("Bearer hf_secret"));
        QCOMPARE(cdn.requests().size(), 1);
        QVERIFY(!cdn.requests()[0].headers.contains("authorization"));
    }

    void hubHeadersDisagreeingWithTheCatalogueStopBeforeDownloading() {
        FakeHfServer cdn;
        QVERIFY(cdn.listen());
        cdn.addFile("/cdn/x", content_);
        const QByteArray to = cdn.endpoint().toLatin1() + "/cdn/x";
        // As the hub answers for an LFS file: the object's size and sha256 on the redirect.
        FakeHfServer::Behaviour redirect{Fault::Redirect, 0, 0, to};
        redirect.headers = {"X-Linked-Size: " + QByteArray::number(content_.size()),
                            "X-Linked-Etag: \"" + sha256Hex("other").toLatin1() + "\""};
        server_->setAlways(kPath, redirect);
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyFailedAndNothingInPlace(*t, QStringLiteral("Nothing was downloaded"));
        QCOMPARE(cdn.requests().size(), 0);

        redirect.headers = {"X-Linked-Size: 12",
                            "X-Linked-Etag: \"" + sha256Hex(content_).toLatin1() + "\""};
        server_->setAlways(kPath, redirect);
        auto sized = makeTask(request(content_));
        runToEnd(*sized);
        verifyFailedAndNothingInPlace(*sized, QStringLiteral("catalogue says"));
        QCOMPARE(cdn.requests().size(), 0);

        // Matching headers: downloaded and verified as usual.
        redirect.headers = {"X-Linked-Size: " + QByteArray::number(content_.size()),
                            "X-Linked-Etag: \"" + sha256Hex(content_).toLatin1() + "\""};
        server_->setAlways(kPath, redirect);
        auto good = makeTask(request(content_));
        runToEnd(*good);
        verifyCompleted(*good);
    }

    void tokenFollowsARedirectOnTheSameHost() {
        const QByteArray other = "/test/tiny/resolve/main/moved.bin";
        server_->addFile(other, content_);
        server_->setAlways(kPath, {Fault::Redirect, 0, 0, server_->endpoint().toLatin1() + other});
        DownloadFileRequest r = request(content_);
        r.token = "hf_secret";
        auto t = makeTask(r);
        runToEnd(*t);
        verifyCompleted(*t);
        const auto moved = server_->requestsFor(other);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(moved[0].headers.value("authorization"), QByteArray("Bearer hf_secret"));
    }

    void redirectWithoutTokenIsFollowedAndResumes() {
        // The hub answers every resolve with a redirect to its CDN; a resume must still send Range.
        FakeHfServer cdn;
        QVERIFY(cdn.listen());
        cdn.addFile("/cdn/x", content_);
        cdn.pushOnce("/cdn/x", {Fault::DropAfter, 123456});
        server_->setAlways(kPath, {Fault::Redirect, 0, 0, cdn.endpoint().toLatin1() + "/cdn/x"});
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(cdn.requests().size(), 2);
        QCOMPARE(cdn.requests()[1].rangeStart, 123456);
        QCOMPARE(cdn.bodyBytesServed("/cdn/x"), content_.size());
    }

    void tokenIsNotSentToAHostOtherThanTheEndpoint() {
        DownloadFileRequest r = request(content_);
        r.token = "hf_secret";
        r.endpoint = *HfEndpoint::parse(QStringLiteral("https://huggingface.co"), nullptr);
        auto t = makeTask(r);
        runToEnd(*t);
        verifyCompleted(*t);
        QVERIFY(!server_->requests()[0].headers.contains("authorization"));
    }

    void pauseKeepsThePartAndResumeContinues() {
        server_->setAlways(kPath, {Fault::Trickle, 0, 0, {}, 16 * 1024, 15});
        auto t = makeTask(request(content_));
        t->start();
        QTRY_VERIFY_WITH_TIMEOUT(t->bytesDone() > 64 * 1024, 10000);
        t->pause();
        QCOMPARE(t->state(), State::Paused);
        const qint64 atPause = t->bytesDone();
        QCOMPARE(QFileInfo(partPath()).size(), atPause);
        QTest::qWait(150);
        QCOMPARE(QFileInfo(partPath()).size(), atPause); // nothing written while paused
        t->start();
        QTRY_VERIFY_WITH_TIMEOUT(finished(*t), 15000);
        verifyCompleted(*t);
        const auto reqs = server_->requestsFor(kPath);
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs[1].rangeStart, atPause);
    }

    void cancelDeletesThePart() {
        server_->setAlways(kPath, {Fault::Trickle, 0, 0, {}, 16 * 1024, 15});
        auto t = makeTask(request(content_));
        t->start();
        QTRY_VERIFY_WITH_TIMEOUT(t->bytesDone() > 32 * 1024, 10000);
        t->cancel();
        QCOMPARE(t->state(), State::Cancelled);
        QVERIFY(!QFileInfo::exists(partPath()));
        QVERIFY(!QFileInfo::exists(DownloadTask::sidecarPath(finalPath())));
        QVERIFY(!QFileInfo::exists(finalPath()));
    }

    void resumeSurvivesARestart() {
        server_->setAlways(kPath, {Fault::Trickle, 0, 0, {}, 16 * 1024, 15});
        qint64 atQuit = 0;
        {
            auto t = makeTask(request(content_));
            t->start();
            QTRY_VERIFY_WITH_TIMEOUT(t->bytesDone() > 100 * 1024, 10000);
            atQuit = t->bytesDone();
            // The app quits: the task and the network manager go away mid-download.
            t.reset();
            nam_ = std::make_unique<QNetworkAccessManager>();
            nam_->setProxy(QNetworkProxy::NoProxy);
        }
        const qint64 onDisk = QFileInfo(partPath()).size();
        QVERIFY(onDisk >= atQuit);
        server_->clearBehaviours();
        auto t = makeTask(request(content_));
        QList<State> seen;
        connect(t.get(), &DownloadTask::stateChanged, this, [&] { seen << t->state(); });
        runToEnd(*t);
        verifyCompleted(*t);
        QVERIFY(seen.contains(State::Hashing)); // the part on disk was re-hashed first
        const auto reqs = server_->requestsFor(kPath);
        QCOMPARE(reqs.last().rangeStart, onDisk);
    }

    void partOfAnotherRevisionIsDiscarded() {
        writePart(200000, content_);
        // The sidecar says the part belongs to a file with another hash (an older revision).
        QVERIFY(writeAll(DownloadTask::sidecarPath(finalPath()),
                         "{\"url\":\"http://x/y\",\"size\":614417,\"sha256\":\"00\"}"));
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyCompleted(*t);
        QCOMPARE(server_->requests()[0].rangeStart, -1);
    }

    void rehashRunsOffTheCallingThread() {
        // A 48 MB part takes a while to hash; the event loop must keep running meanwhile.
        const QByteArray big = patternBytes(48 << 20, 7);
        const QByteArray bigPath = "/test/tiny/resolve/main/big.bin";
        server_->addFile(bigPath, big);
        QVERIFY(writeAll(partPath(), big.left(big.size() - 4096)));
        content_ = big;
        auto t = makeTask(request(big, bigPath));
        int ticks = 0, ticksWhileHashing = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] {
            ++ticks;
            if (t->state() == State::Hashing) ++ticksWhileHashing;
        });
        timer.start(1);
        t->start();
        QCOMPARE(t->state(), State::Hashing); // start() returned before hashing ended
        QTRY_VERIFY_WITH_TIMEOUT(finished(*t), 30000);
        verifyCompleted(*t);
        QVERIFY2(ticksWhileHashing > 0, "the event loop did not run while hashing");
        QCOMPARE(server_->requests()[0].rangeStart, big.size() - 4096);
    }

    void diskFullIsAClearErrorAndNothingInPlace() {
#ifndef Q_OS_LINUX
        QSKIP("uses /dev/full");
#endif
        // Every write to the part file fails with ENOSPC, as on a full disk.
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), partPath()));
        auto t = makeTask(request(content_));
        runToEnd(*t);
        verifyFailedAndNothingInPlace(*t, QStringLiteral("disk full"));
    }

    void unwritableFolderIsAClearError() {
        // A folder below a regular file can never be created, even by root.
        QVERIFY(writeAll(dir_->filePath(QStringLiteral("file")), "x"));
        DownloadFileRequest r = request(content_);
        r.finalPath = dir_->filePath(QStringLiteral("file/sub/model.bin"));
        auto t = makeTask(r);
        runToEnd(*t);
        QCOMPARE(t->state(), State::Failed);
        QVERIFY2(t->errorString().contains(QStringLiteral("Cannot create the folder")),
                 qPrintable(t->errorString()));
        QCOMPARE(server_->requests().size(), 0);
    }

    void existingFileOfTheWrongSizeIsLeftAlone() {
        QVERIFY(writeAll(finalPath(), "not the model"));
        auto t = makeTask(request(content_));
        runToEnd(*t);
        QCOMPARE(t->state(), State::Failed);
        QVERIFY(t->errorString().contains(QStringLiteral("already exists")));
        QCOMPARE(readAll(finalPath()), QByteArray("not the model"));
    }

    void progressReportsSpeedAndEta() {
        server_->setAlways(kPath, {Fault::Trickle, 0, 0, {}, 8 * 1024, 10});
        auto t = makeTask(request(content_));
        t->start();
        QTRY_VERIFY_WITH_TIMEOUT(t->bytesPerSecond() > 0, 10000);
        QVERIFY(t->etaSeconds() >= 0);
        QCOMPARE(t->bytesTotal(), content_.size());
        QTRY_VERIFY_WITH_TIMEOUT(finished(*t), 20000);
        verifyCompleted(*t);
    }
};

QTEST_GUILESS_MAIN(TestDownloadTask)
#include "tst_download_task.moc"
