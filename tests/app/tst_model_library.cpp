// ModelLibrary: listing GGUF files and downloaded checkpoints, the GGUF header reader on good and
// damaged files, import (copy and move) and delete, all off the calling thread.
#include "download_test_support.h"
#include "downloads/download_task.h"
#include "library/checkpoint_marker.h"
#include "library/gguf_header.h"
#include "library/model_library.h"
#include "library/quantize_job.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

using namespace glm::app;
using namespace glm::test;

namespace {

// A small valid GGUF v3 file: a few metadata keys (one a string array to skip) and no tensors.
class GgufWriter {
public:
    GgufWriter() { data_ = "GGUF"; }
    GgufWriter& header(quint32 version, quint64 tensors, quint64 kvs) {
        u32(version);
        u64(tensors);
        u64(kvs);
        return *this;
    }
    GgufWriter& kvString(const QByteArray& key, const QByteArray& value) {
        str(key);
        u32(8);
        str(value);
        return *this;
    }
    GgufWriter& kvU32(const QByteArray& key, quint32 value) {
        str(key);
        u32(4);
        u32(value);
        return *this;
    }
    GgufWriter& kvStringArray(const QByteArray& key, const QList<QByteArray>& values) {
        str(key);
        u32(9);
        u32(8);
        u64(quint64(values.size()));
        for (const QByteArray& v : values) str(v);
        return *this;
    }
    GgufWriter& kvF32Array(const QByteArray& key, int n) {
        str(key);
        u32(9);
        u32(6);
        u64(quint64(n));
        data_.append(QByteArray(n * 4, '\0'));
        return *this;
    }
    QByteArray bytes() const { return data_; }

private:
    void u32(quint32 v) {
        char b[4];
        qToLittleEndian(v, b);
        data_.append(b, 4);
    }
    void u64(quint64 v) {
        char b[8];
        qToLittleEndian(v, b);
        data_.append(b, 8);
    }
    void str(const QByteArray& s) {
        u64(quint64(s.size()));
        data_.append(s);
    }
    QByteArray data_;
};

QByteArray validGguf(const QByteArray& name = "Tiny GLM") {
    return GgufWriter()
        .header(3, 0, 5)
        .kvString("general.architecture", "chatglm")
        .kvStringArray("tokenizer.ggml.tokens", {"a", "b", "<sop>"})
        .kvF32Array("tokenizer.ggml.scores", 3)
        .kvString("general.name", name)
        .kvU32("general.file_type", 2)
        .bytes();
}

} // namespace

class TestModelLibrary : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    QString models() const { return dir_->filePath(QStringLiteral("models")); }

    void waitIdle(ModelLibrary& lib) { QTRY_VERIFY_WITH_TIMEOUT(!lib.isBusy(), 10000); }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(QDir().mkpath(models()));
    }

    void readsGgufHeaders() {
        const QString path = dir_->filePath(QStringLiteral("a.gguf"));
        QVERIFY(writeAll(path, validGguf()));
        QString error;
        const auto h = readGgufHeader(path, &error);
        QVERIFY2(h, qPrintable(error));
        QCOMPARE(h->version, 3u);
        QCOMPARE(h->metadataCount, 5u);
        QCOMPARE(h->architecture, QStringLiteral("chatglm"));
        QCOMPARE(h->name, QStringLiteral("Tiny GLM"));
        QCOMPARE(h->fileTypeName(), QStringLiteral("Q4_0"));
    }

    void rejectsDamagedGguf_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray good = validGguf();
        QTest::newRow("not gguf") << QByteArray("PK\x03\x04 zip file") << "does not start";
        QTest::newRow("empty") << QByteArray() << "does not start";
        QTest::newRow("truncated header") << good.left(10) << "truncated";
        QTest::newRow("version 9") << GgufWriter().header(9, 0, 0).bytes() << "version 9";
        QTest::newRow("huge counts")
            << GgufWriter().header(3, 1ull << 60, 1ull << 60).bytes() << "impossible";
        QTest::newRow("truncated metadata") << good.left(good.size() - 3) << "truncated or damaged";
        // A string length far beyond the end of the file.
        QByteArray lying = GgufWriter().header(3, 0, 1).bytes();
        lying.append(QByteArray::fromHex("ffffffffffffff7f"));
        QTest::newRow("lying length") << lying << "truncated or damaged";
        QByteArray badType = GgufWriter().header(3, 0, 1).bytes();
        badType.append(QByteArray::fromHex("0100000000000000") + "k" +
                       QByteArray::fromHex("63000000"));
        QTest::newRow("unknown type") << badType << "truncated or damaged";
    }
    void rejectsDamagedGguf() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = dir_->filePath(QStringLiteral("bad.gguf"));
        QVERIFY(writeAll(path, bytes));
        QString error;
        QVERIFY(!readGgufHeader(path, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void listsGgufFilesAndCompleteCheckpoints() {
        QVERIFY(writeAll(QDir(models()).filePath(QStringLiteral("b.gguf")), validGguf("B model")));
        QVERIFY(writeAll(QDir(models()).filePath(QStringLiteral("broken.gguf")), "garbage"));
        QVERIFY(
            writeAll(QDir(models()).filePath(QStringLiteral(".c.gguf.importing")), validGguf()));
        QVERIFY(writeAll(QDir(models()).filePath(QStringLiteral("notes.txt")), "x"));
        const QString done = QDir(models()).filePath(QStringLiteral("checkpoints/chatglm3-6b"));
        const QString partial = QDir(models()).filePath(QStringLiteral("checkpoints/chatglm-6b"));
        QVERIFY(QDir().mkpath(done) && QDir().mkpath(partial));
        QVERIFY(writeAll(done + QStringLiteral("/config.json"), QByteArray(1000, 'x')));
        CheckpointMarker m;
        m.modelId = QStringLiteral("chatglm3-6b");
        m.revision = QStringLiteral("abc");
        m.files = {QStringLiteral("config.json")};
        QVERIFY(m.write(done, nullptr));
        QVERIFY(writeAll(partial + QStringLiteral("/x.bin.part"), "123"));

        ModelLibrary lib(models());
        QSignalSpy changed(&lib, &ModelLibrary::modelsChanged);
        lib.refresh();
        QVERIFY(lib.isBusy());
        QVERIFY(changed.wait(10000));
        const auto& list = lib.models();
        QCOMPARE(list.size(), 3);
        QCOMPARE(list[0].displayName, QStringLiteral("B model"));
        QCOMPARE(list[0].fileType, QStringLiteral("Q4_0"));
        QCOMPARE(list[0].architecture, QStringLiteral("chatglm"));
        QVERIFY(list[0].problem.isEmpty());
        QCOMPARE(list[1].displayName, QStringLiteral("broken"));
        QVERIFY(!list[1].problem.isEmpty());
        QCOMPARE(list[2].kind, InstalledModel::Kind::Checkpoint);
        QCOMPARE(list[2].modelId, QStringLiteral("chatglm3-6b"));
        QVERIFY(list[2].sizeBytes >= 1000);
        waitIdle(lib);
    }

    void importsByCopyAndRefusesDuplicatesAndNonGguf() {
        const QString source = dir_->filePath(QStringLiteral("downloads/my-model.gguf"));
        QVERIFY(QDir().mkpath(QFileInfo(source).path()));
        QVERIFY(writeAll(source, validGguf()));
        ModelLibrary lib(models());
        QSignalSpy finished(&lib, &ModelLibrary::importFinished);
        QSignalSpy failed(&lib, &ModelLibrary::operationFailed);
        lib.importGguf(source, ModelLibrary::ImportMode::Copy);
        QVERIFY(finished.wait(10000));
        const QString target = QDir(models()).filePath(QStringLiteral("my-model.gguf"));
        QCOMPARE(finished[0][0].toString(), target);
        QCOMPARE(readAll(target), validGguf());
        QVERIFY(QFileInfo::exists(source)); // copy keeps the original
        QVERIFY(QDir(models())
                    .entryList({QStringLiteral(".*importing")}, QDir::Files | QDir::Hidden)
                    .isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(lib.models().size(), 1, 10000);

        lib.importGguf(source, ModelLibrary::ImportMode::Copy);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed[0][0].toString().contains(QStringLiteral("already installed")));

        const QString notGguf = dir_->filePath(QStringLiteral("downloads/other.gguf"));
        QVERIFY(writeAll(notGguf, "this is text"));
        lib.importGguf(notGguf, ModelLibrary::ImportMode::Copy);
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.last()[0].toString().contains(QStringLiteral("not a model")),
                 qPrintable(failed.last()[0].toString()));
        QVERIFY(!QFileInfo::exists(QDir(models()).filePath(QStringLiteral("other.gguf"))));
        waitIdle(lib);
    }

    void importsByMove() {
        const QString source = dir_->filePath(QStringLiteral("moved.gguf"));
        QVERIFY(writeAll(source, validGguf()));
        ModelLibrary lib(models());
        QSignalSpy finished(&lib, &ModelLibrary::importFinished);
        lib.importGguf(source, ModelLibrary::ImportMode::Move);
        QVERIFY(finished.wait(10000));
        QVERIFY(!QFileInfo::exists(source));
        QCOMPARE(readAll(QDir(models()).filePath(QStringLiteral("moved.gguf"))), validGguf());
        waitIdle(lib);
    }

    void deletesOnlyInsideTheModelsFolder() {
        const QString gguf = QDir(models()).filePath(QStringLiteral("x.gguf"));
        QVERIFY(writeAll(gguf, validGguf()));
        const QString ckpt = QDir(models()).filePath(QStringLiteral("checkpoints/m"));
        QVERIFY(QDir().mkpath(ckpt + QStringLiteral("/sub")));
        QVERIFY(writeAll(ckpt + QStringLiteral("/sub/a.bin"), "a"));
        const QString outside = dir_->filePath(QStringLiteral("precious.txt"));
        QVERIFY(writeAll(outside, "keep me"));

        ModelLibrary lib(models());
        QSignalSpy removed(&lib, &ModelLibrary::removed);
        QSignalSpy failed(&lib, &ModelLibrary::operationFailed);
        lib.remove(outside);
        QCOMPARE(failed.size(), 1);
        QVERIFY(QFileInfo::exists(outside));
        lib.remove(models() + QStringLiteral("/../precious.txt"));
        QCOMPARE(failed.size(), 2);
        QVERIFY(QFileInfo::exists(outside));
        lib.remove(models()); // the folder itself is not "inside"
        QCOMPARE(failed.size(), 3);

        lib.remove(gguf);
        QVERIFY(removed.wait(10000));
        QVERIFY(!QFileInfo::exists(gguf));
        lib.remove(ckpt);
        QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 2, 10000);
        QVERIFY(!QFileInfo::exists(ckpt));
        waitIdle(lib);
    }

    void destroyingTheLibraryDuringAnImportIsSafe() {
        const QString source = dir_->filePath(QStringLiteral("big.gguf"));
        QByteArray big = validGguf();
        big.append(QByteArray(64 << 20, 'z'));
        QVERIFY(writeAll(source, big));
        {
            ModelLibrary lib(models());
            lib.importGguf(source, ModelLibrary::ImportMode::Copy);
        } // the destructor cancels and waits
        QVERIFY(!QFileInfo::exists(QDir(models()).filePath(QStringLiteral("big.gguf"))) ||
                readAll(QDir(models()).filePath(QStringLiteral("big.gguf"))).size() == big.size());
        QVERIFY(QDir(models())
                    .entryList({QStringLiteral(".*importing")}, QDir::Files | QDir::Hidden)
                    .isEmpty());
    }

    void defaultFolderIsShared() {
        QVERIFY(
            ModelLibrary::defaultModelsDirectory().endsWith(QStringLiteral("/glm-chat/models")));
    }

    // What a kill -9 leaves: a conversion's NAME.gguf.partial and an import's hidden temporary
    // file are removed at start (and said so); a running job's partial (its lock held) and a
    // resumable download's .part with its sidecar are kept.
    void removesStalePartialsButKeepsResumableDownloads() {
        const QString stale = models() + QStringLiteral("/chatglm3-q4_0.gguf.partial");
        const QString importing = models() + QStringLiteral("/.x.gguf.importing");
        const QString live = models() + QStringLiteral("/running-q8_0.gguf");
        QVERIFY(writeAll(stale, QByteArray(1500, 'p')));
        QVERIFY(writeAll(importing, QByteArray(500, 'i')));
        QVERIFY(writeAll(live + QStringLiteral(".partial"), QByteArray(10, 'r')));
        QLockFile running(QuantizeJob::partialLockPath(live));
        QVERIFY(running.tryLock(0));
        const QString download = models() + QStringLiteral("/checkpoints/tiny/weights-1.bin");
        QVERIFY(QDir().mkpath(QFileInfo(download).absolutePath()));
        QVERIFY(writeAll(DownloadTask::partPath(download), QByteArray(100, 'd')));
        QVERIFY(writeAll(DownloadTask::sidecarPath(download), QByteArray("{}")));
        QVERIFY(writeAll(models() + QStringLiteral("/kept.gguf"), validGguf()));
        // kill -9 during a conversion also leaves the job's lock, naming a process that is gone.
        const QString staleLock = stale + QStringLiteral(".lock");
        {
            QLockFile mine(staleLock);
            QVERIFY(mine.tryLock(0));
            QFile f(staleLock);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QList<QByteArray> lines = f.readAll().split('\n');
            f.close();
            mine.unlock();
            lines[0] = "4194305"; // above Linux's largest process id: no such process
            QVERIFY(writeAll(staleLock, lines.join('\n')));
        }

        ModelLibrary lib(models());
        QSignalSpy removed(&lib, &ModelLibrary::stalePartialsRemoved);
        lib.removeStalePartials();
        QVERIFY(removed.wait(10000));
        QStringList names = removed.at(0).at(0).toStringList();
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral(".x.gguf.importing"),
                                     QStringLiteral("chatglm3-q4_0.gguf.partial")}));
        QCOMPARE(removed.at(0).at(1).toLongLong(), 2000);
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(!QFileInfo::exists(staleLock));
        QVERIFY(!QFileInfo::exists(importing));
        QVERIFY(QFileInfo::exists(live + QStringLiteral(".partial")));
        QVERIFY(QFileInfo::exists(DownloadTask::partPath(download)));
        QVERIFY(QFileInfo::exists(DownloadTask::sidecarPath(download)));
        QVERIFY(QFileInfo::exists(models() + QStringLiteral("/kept.gguf")));
        waitIdle(lib);

        // Nothing left to remove: no signal.
        running.unlock();
        QVERIFY(QFile::remove(live + QStringLiteral(".partial")));
        lib.removeStalePartials();
        waitIdle(lib);
        QCOMPARE(removed.size(), 1);
    }

    // The loaded model is listed even when it was opened from another folder.
    void listsTheLoadedModelFromElsewhere() {
        const QString elsewhere = dir_->filePath(QStringLiteral("elsewhere.gguf"));
        QVERIFY(writeAll(elsewhere, validGguf()));
        QVERIFY(writeAll(models() + QStringLiteral("/inside.gguf"), validGguf()));
        const QList<InstalledModel> plain = scanModelsDirectory(models());
        QCOMPARE(plain.size(), 1);
        const QList<InstalledModel> with = scanModelsDirectory(models(), elsewhere);
        QCOMPARE(with.size(), 2);
        QCOMPARE(with[1].path, QFileInfo(elsewhere).absoluteFilePath());
        QVERIFY(with[1].outsideModelsFolder);
        QVERIFY(!with[0].outsideModelsFolder);
        // One inside the folder is not listed twice.
        QCOMPARE(scanModelsDirectory(models(), models() + QStringLiteral("/inside.gguf")).size(),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestModelLibrary)
#include "tst_model_library.moc"
