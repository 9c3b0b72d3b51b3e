// The sidebar model: lazy pages in sidebar order, headings, live updates from the store
// (new activity, rename, pin, delete and undo, import), all under QAbstractItemModelTester.
#include "history_fixtures.h"
#include "viewmodels/conversation_list_model.h"
#include "viewmodels/conversation_sections.h"

#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace glm::history;
using namespace glm::history::test;

namespace {

const QDate kToday(2024, 5, 15);
qint64 at(const QDate& day, int hour = 12) {
    return QDateTime(day, QTime(hour, 0)).toMSecsSinceEpoch();
}

// `count` conversations "c0".."c(count-1)"; ci is active i hours before noon today; c3 pinned.
void seed(const QString& dir, int count) {
    ConversationDatabase db(optionsFor(dir));
    ConversationTable table(db.connection());
    QSqlQuery(db.connection()).exec(QStringLiteral("BEGIN"));
    for (int i = 0; i < count; ++i) {
        const qint64 id = table.create({}, {}, QStringLiteral("c%1").arg(i)).value.id;
        setUpdated(db.connection(), id, at(kToday) - qint64(i) * 3'600'000);
    }
    QSqlQuery(db.connection())
        .exec(QStringLiteral("UPDATE conversations SET pinned = 1 WHERE title = 'c3'"));
    QSqlQuery(db.connection()).exec(QStringLiteral("COMMIT"));
}

QStringList titles(const QAbstractItemModel& model) {
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.index(row, 0).data(ConversationListModel::TitleRole).toString());
    return list;
}

void fetchAll(ConversationListModel& model) {
    while (model.canFetchMore({}) || model.isLoading()) {
        if (model.canFetchMore({})) model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
    }
}

} // namespace

class TestConversationListModel : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir; // a fresh one per test function

private slots:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void sections() {
        using glm::ui::conversationSection;
        QCOMPARE(conversationSection(at(kToday), true, kToday), QStringLiteral("Pinned"));
        QCOMPARE(conversationSection(at(kToday, 0), false, kToday), QStringLiteral("Today"));
        QCOMPARE(conversationSection(at(kToday.addDays(1)), false, kToday),
                 QStringLiteral("Today")); // clock skew
        QCOMPARE(conversationSection(at(kToday.addDays(-1), 23), false, kToday),
                 QStringLiteral("Yesterday"));
        QCOMPARE(conversationSection(at(kToday.addDays(-2)), false, kToday),
                 QStringLiteral("Previous 7 days"));
        QCOMPARE(conversationSection(at(kToday.addDays(-6)), false, kToday),
                 QStringLiteral("Previous 7 days"));
        QCOMPARE(conversationSection(at(kToday.addDays(-7)), false, kToday),
                 QLocale().toString(kToday.addDays(-7), QStringLiteral("MMMM yyyy")));
        QCOMPARE(conversationSection(at(QDate(2023, 12, 31)), false, kToday),
                 QLocale().toString(QDate(2023, 12, 31), QStringLiteral("MMMM yyyy")));
    }

    void loadsPageByPageInSidebarOrder() {
        seed(m_dir->path(), 130);
        ConversationStore store(optionsFor(m_dir->path()));
        ConversationListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(20);
        model.setToday(kToday);
        model.setStore(&store);
        QTRY_COMPARE(model.rowCount(), 20);                   // the first page only
        QVERIFY(model.canFetchMore({}) || model.isLoading()); // (the tester may be fetching)
        QCOMPARE(model.index(0, 0).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("c3")); // pinned first
        QCOMPARE(model.index(0, 0).data(ConversationListModel::SectionRole).toString(),
                 QStringLiteral("Pinned"));
        QCOMPARE(model.index(1, 0).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("c0"));
        QCOMPARE(model.index(1, 0).data(ConversationListModel::SectionRole).toString(),
                 QStringLiteral("Today"));
        fetchAll(model);
        QCOMPARE(model.rowCount(), 130);
        QVERIFY(!model.canFetchMore({}));
        QStringList expected{QStringLiteral("c3")};
        for (int i = 0; i < 130; ++i)
            if (i != 3) expected.append(QStringLiteral("c%1").arg(i));
        QCOMPARE(titles(model), expected);
        // c13 (13 hours before noon) is yesterday; c40 is four days ago.
        QCOMPARE(model.index(expected.indexOf(QStringLiteral("c13")), 0)
                     .data(ConversationListModel::SectionRole)
                     .toString(),
                 QStringLiteral("Yesterday"));
        QCOMPARE(model.index(expected.indexOf(QStringLiteral("c40")), 0)
                     .data(ConversationListModel::SectionRole)
                     .toString(),
                 QStringLiteral("Previous 7 days"));
        QCOMPARE(model.roleNames().value(ConversationListModel::SectionRole),
                 QByteArray("section"));

        QSignalSpy sectionsChanged(&model, &QAbstractItemModel::dataChanged);
        model.setToday(kToday.addDays(1));
        QCOMPARE(sectionsChanged.count(), 1);
        QCOMPARE(model.index(1, 0).data(ConversationListModel::SectionRole).toString(),
                 QStringLiteral("Yesterday"));
    }

    void followsChangesFromTheStore() {
        seed(m_dir->path(), 60);
        ConversationStore store(optionsFor(m_dir->path()));
        ConversationListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        model.setStore(&store);
        QTRY_COMPARE(model.rowCount(), 10);

        // A conversation far down (not loaded yet) gets a new message: it comes to the top.
        qint64 id50 = 0;
        {
            ConversationDatabase db(optionsFor(m_dir->path()));
            QSqlQuery q(db.connection());
            q.exec(QStringLiteral("SELECT id FROM conversations WHERE title = 'c50'"));
            QVERIFY(q.next());
            id50 = q.value(0).toLongLong();
        }
        QVERIFY(await<Message>([&](auto done) {
                    store.addUserMessage(id50, 0, QStringLiteral("back again"), this, done);
                })->ok());
        QTRY_COMPARE(model.rowOf(id50), 1); // after the pinned one

        // Rename shows up in place.
        model.rename(id50, QStringLiteral("renamed"));
        QTRY_COMPARE(model.index(1, 0).data(ConversationListModel::TitleRole).toString(),
                     QStringLiteral("renamed"));

        // Pinning moves it up, unpinning back.
        const qint64 id5 =
            model.index(6, 0).data(ConversationListModel::ConversationIdRole).toLongLong();
        QCOMPARE(model.index(6, 0).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("c5"));
        model.setPinned(id5, true);
        QTRY_COMPARE(model.index(1, 0).data(ConversationListModel::TitleRole).toString(),
                     QStringLiteral("c5")); // after c3, more recent
        QCOMPARE(model.index(1, 0).data(ConversationListModel::PinnedRole).toBool(), true);
        model.setPinned(id5, false);
        QTRY_COMPARE(model.index(6, 0).data(ConversationListModel::TitleRole).toString(),
                     QStringLiteral("c5"));

        // Unpinning the old pinned one (c3) keeps it loaded at its place by time.
        const qint64 id3 =
            model.index(0, 0).data(ConversationListModel::ConversationIdRole).toLongLong();
        model.setPinned(id3, false);
        QTRY_COMPARE(model.index(4, 0).data(ConversationListModel::TitleRole).toString(),
                     QStringLiteral("c3"));

        // Delete and undo.
        // (The tester fetches more pages as it checks, so rows are found by id, not counted.)
        model.remove(id5);
        QTRY_COMPARE(model.rowOf(id5), -1);
        QTRY_VERIFY(model.canUndoRemove());
        QCOMPARE(model.lastRemovedTitle(), QStringLiteral("c5"));
        model.undoRemove();
        QTRY_COMPARE(model.rowOf(id5), 6);
        QVERIFY(!model.canUndoRemove());

        // A new conversation appears at the top (its first activity is now).
        auto created =
            await<Conversation>([&](auto done) { store.createConversation({}, {}, this, done); });
        QTRY_COMPARE(model.rowOf(created->value.id), 0);

        // The rest still loads in order, with nothing twice.
        fetchAll(model);
        QCOMPARE(model.rowCount(), 61);
        QStringList all = titles(model);
        all.removeDuplicates();
        QCOMPARE(all.size(), 61);
    }

    void changesBeyondTheLoadedPagesWaitForTheirPage() {
        seed(m_dir->path(), 40);
        ConversationStore store(optionsFor(m_dir->path()));
        ConversationListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        model.setStore(&store);
        QTRY_COMPARE(model.rowCount(), 10);
        // Renaming c30 (not loaded) must not insert it among the first rows.
        qint64 id30 = 0;
        {
            ConversationDatabase db(optionsFor(m_dir->path()));
            QSqlQuery q(db.connection());
            q.exec(QStringLiteral("SELECT id FROM conversations WHERE title = 'c30'"));
            QVERIFY(q.next());
            id30 = q.value(0).toLongLong();
        }
        QVERIFY(await<Conversation>([&](auto done) {
                    store.renameConversation(id30, QStringLiteral("c30 renamed"), this, done);
                })->ok());
        QCoreApplication::processEvents();
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.rowOf(id30), -1);
        fetchAll(model);
        QCOMPARE(model.index(30, 0).data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("c30 renamed"));
    }

    void currentConversationIsMarked() {
        seed(m_dir->path(), 5);
        ConversationStore store(optionsFor(m_dir->path()));
        ConversationListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store);
        QTRY_COMPARE(model.rowCount(), 5);
        const qint64 id =
            model.index(2, 0).data(ConversationListModel::ConversationIdRole).toLongLong();
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setCurrentConversationId(id);
        QCOMPARE(changed.count(), 1);
        QVERIFY(model.index(2, 0).data(ConversationListModel::IsCurrentRole).toBool());
        QVERIFY(!model.index(1, 0).data(ConversationListModel::IsCurrentRole).toBool());
    }

    void importReloads() {
        seed(m_dir->path(), 3);
        QTemporaryDir other;
        {
            ConversationDatabase db(optionsFor(other.path()));
            ConversationTable(db.connection()).create({}, {}, QStringLiteral("imported"));
        }
        const QString file = other.filePath(QStringLiteral("export.json"));
        {
            ConversationStore source(optionsFor(other.path()));
            QVERIFY(!awaitStatus([&](auto done) {
                         source.exportToFile({}, ExportFormat::Json, file, this, done);
                     })->isError());
        }
        ConversationStore store(optionsFor(m_dir->path()));
        ConversationListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store);
        QTRY_COMPARE(model.rowCount(), 3);
        QSignalSpy finished(&model, &ConversationListModel::importFinished);
        model.importFromFile(QUrl::fromLocalFile(file));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(finished.first().at(0).toBool());
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("Imported 1 conversation(s)."));
        QTRY_COMPARE(model.rowCount(), 4);
        model.importFromFile(QUrl::fromLocalFile(file));
        QTRY_COMPARE(finished.count(), 2);
        QVERIFY(finished.last().at(1).toString().contains(QStringLiteral("1 were already here")));
        model.importFromFile(QUrl::fromLocalFile(other.filePath(QStringLiteral("missing.json"))));
        QTRY_COMPARE(finished.count(), 3);
        QVERIFY(!finished.last().at(0).toBool());
    }

    // Export offers the title as the file name, and the file gets the format's extension even
    // when the name is typed without it (Import lists *.json only).
    void exportNamesAndExtensions() {
        {
            ConversationDatabase db(optionsFor(m_dir->path()));
            ConversationTable(db.connection()).create({}, {}, QStringLiteral("What: is <C++>?"));
        }
        ConversationStore store(optionsFor(m_dir->path()));
        ConversationListModel model;
        model.setStore(&store);
        QTRY_COMPARE(model.rowCount(), 1);
        const qint64 id =
            model.index(0, 0).data(ConversationListModel::ConversationIdRole).toLongLong();
        QCOMPARE(model.suggestedExportName(id, QStringLiteral("json")),
                 QStringLiteral("What_ is _C++__.json"));
        QCOMPARE(model.suggestedExportName(-5, QStringLiteral("markdown")),
                 QStringLiteral("chat.md"));
        QSignalSpy finished(&model, &ConversationListModel::exportFinished);
        model.exportToFile({id}, QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("saved"))),
                           QStringLiteral("json"));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(finished.first().at(0).toBool());
        QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("saved.json"))));
        model.exportToFile({id}, QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("notes.MD"))),
                           QStringLiteral("markdown"));
        QTRY_COMPARE(finished.count(), 2);
        QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("notes.MD"))));
    }

    void survivesTheStoreGoingAway() {
        seed(m_dir->path(), 3);
        ConversationListModel model;
        {
            ConversationStore store(optionsFor(m_dir->path()));
            model.setStore(&store);
            QTRY_COMPARE(model.rowCount(), 3);
        }
        QCOMPARE(model.store(), nullptr);
        model.rename(1, QStringLiteral("x")); // no store: nothing happens
        model.reload();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConversationListModel)
#include "tst_conversation_list_model.moc"
