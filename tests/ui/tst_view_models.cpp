// The chat view's list models under QAbstractItemModelTester: MessageListModel (and the
// SegmentListModel of every row) and DeviceListModel. Also what a streamed piece costs in
// model signals: one dataChanged of one segment row, nothing on the message list. And the
// table style of Markdown replies. And the About box's diagnostics text.
#include "common/log_ring.h"
#include "viewmodels/app_info.h"
#include "viewmodels/device_list_model.h"
#include "viewmodels/diagnostics_report.h"
#include "viewmodels/markdown_table_style.h"
#include "viewmodels/message_list_model.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <QtTest>

namespace {

MessageItem message(MessageItem::Role role, const QString& text,
                    MessageItem::State state = MessageItem::State::Complete) {
    MessageItem m;
    static qint64 id = 0;
    m.id = ++id;
    m.role = role;
    m.text = text;
    m.state = state;
    return m;
}

Q_LOGGING_CATEGORY(lcDiagnosticsTest, "glm.test", QtInfoMsg)

SegmentListModel* segmentsOf(MessageListModel& model, int row) {
    return qobject_cast<SegmentListModel*>(
        model.data(model.index(row), MessageListModel::SegmentsRole).value<QObject*>());
}

} // namespace

class TestViewModels : public QObject {
    Q_OBJECT
private slots:
    void messageListUnderTester() {
        MessageListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessages(
            {message(MessageItem::Role::User, QStringLiteral("hi")),
             message(MessageItem::Role::Assistant, QStringLiteral("# Hello\n\n```\ncode\n```"))});
        QCOMPARE(model.count(), 2);
        QCOMPARE(MessageListModel::Author(
                     model.data(model.index(0), MessageListModel::RoleRole).toInt()),
                 MessageListModel::Author::User);
        QCOMPARE(segmentsOf(model, 1)->rowCount(), 2);
        model.append(message(MessageItem::Role::User, QStringLiteral("more")));
        model.append(
            message(MessageItem::Role::Assistant, QString(), MessageItem::State::Streaming));
        model.appendStreamedText(3, QStringLiteral("partial"));
        QCOMPARE(model.data(model.index(3), MessageListModel::TextRole).toString(),
                 QStringLiteral("partial"));
        MessageItem finished = model.at(3);
        finished.state = MessageItem::State::Interrupted;
        finished.errorText = QStringLiteral("Stopped.");
        model.update(3, finished);
        QCOMPARE(MessageListModel::MessageState(
                     model.data(model.index(3), MessageListModel::StateRole).toInt()),
                 MessageListModel::MessageState::Interrupted);
        model.truncate(1);
        QCOMPARE(model.count(), 1);
        model.truncate(5); // out of range: nothing
        model.setMessages({});
        QCOMPARE(model.count(), 0);
    }

    void segmentsUnderTesterWhileStreaming() {
        MessageListModel model;
        model.append(
            message(MessageItem::Role::Assistant, QString(), MessageItem::State::Streaming));
        SegmentListModel* segments = segmentsOf(model, 0);
        QAbstractItemModelTester tester(segments,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString reply =
            QStringLiteral("Intro text.\n\n```cpp\nint x = 1;\n```\n\nMore | text.\n");
        for (QChar c : reply) model.appendStreamedText(0, QString(c));
        MessageItem done = model.at(0);
        done.state = MessageItem::State::Complete;
        model.update(0, done);
        QCOMPARE(segments->rowCount(), 3);
        QCOMPARE(SegmentListModel::Kind(
                     segments->data(segments->index(1), SegmentListModel::KindRole).toInt()),
                 SegmentListModel::Kind::Code);
        QCOMPARE(segments->codeAt(1), QStringLiteral("int x = 1;"));
        QVERIFY(segments->data(segments->index(2), SegmentListModel::CompleteRole).toBool());
        QCOMPARE(segments->codeAt(7), QString());
        // A final text that differs (post-processing) rebuilds that message's segments only.
        done.text = QStringLiteral("Different");
        model.update(0, done);
        QCOMPARE(segments->rowCount(), 1);
    }

    // Per piece: the message list is silent; the segment list sends one dataChanged for one
    // row (or inserts rows at the end) — never a reset, never a change of an older segment.
    void streamedPieceTouchesOneSegmentRow() {
        MessageListModel model;
        for (int i = 0; i < 50; ++i)
            model.append(message(i % 2 ? MessageItem::Role::Assistant : MessageItem::Role::User,
                                 QStringLiteral("old message %1").arg(i)));
        model.append(
            message(MessageItem::Role::Assistant, QString(), MessageItem::State::Streaming));
        const int row = model.count() - 1;
        SegmentListModel* segments = segmentsOf(model, row);
        QSignalSpy listChanged(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy listReset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy segChanged(segments, &QAbstractItemModel::dataChanged);
        QSignalSpy segInserted(segments, &QAbstractItemModel::rowsInserted);
        QSignalSpy segReset(segments, &QAbstractItemModel::modelReset);
        QString text;
        for (int i = 0; i < 200; ++i) text += QStringLiteral("Paragraph %1 is here.\n\n").arg(i);
        int lastRowSeen = 0;
        for (qsizetype at = 0; at < text.size(); at += 5) {
            segChanged.clear();
            model.appendStreamedText(row, text.mid(at, 5));
            QVERIFY(segChanged.size() <= 1);
            if (!segChanged.isEmpty()) {
                const int changed = segChanged.first().at(0).toModelIndex().row();
                QCOMPARE(segChanged.first().at(1).toModelIndex().row(), changed);
                QVERIFY2(changed >= lastRowSeen - 1, "an older segment changed");
                lastRowSeen = qMax(lastRowSeen, changed);
            }
        }
        QCOMPARE(listChanged.size(), 0);
        QCOMPARE(listReset.size(), 0);
        QCOMPARE(segReset.size(), 0);
        QVERIFY(segments->rowCount() > 1); // paragraphs share segments up to kSplitAfterChars
        QVERIFY(segInserted.size() >= segments->rowCount() - 1);
    }

    void userMessagesArePlainText() {
        MessageListModel model;
        model.append(
            message(MessageItem::Role::User, QStringLiteral("**not bold**\n```\nnot code\n```")));
        SegmentListModel* segments = segmentsOf(model, 0);
        QCOMPARE(segments->rowCount(), 1);
        QCOMPARE(SegmentListModel::Kind(
                     segments->data(segments->index(0), SegmentListModel::KindRole).toInt()),
                 SegmentListModel::Kind::Plain);
    }

    // Markdown tables get one thin line in the theme's colour and padding instead of the
    // HTML defaults (separate double borders, no padding); a table streamed in anew (the
    // Markdown set again) is styled again; text without tables is left alone.
    void markdownTablesInTheTheme() {
        QTextDocument doc;
        const QColor line(0x38, 0x3b, 0x41);
        auto tables = [&] {
            QList<QTextTable*> out;
            for (QTextFrame* f : doc.rootFrame()->childFrames())
                if (auto* t = qobject_cast<QTextTable*>(f)) out << t;
            return out;
        };
        doc.setMarkdown(QStringLiteral("Plain *text* only.\n"));
        QCOMPARE(MarkdownTableStyle::apply(&doc, line, 4), 0);
        const QString table =
            QStringLiteral("Prices:\n\n| item | price |\n|---|--:|\n| tea | 3.00 |\n");
        doc.setMarkdown(table);
        QCOMPARE(tables().size(), 1);
        QVERIFY(!tables().first()->format().borderCollapse());
        QCOMPARE(MarkdownTableStyle::apply(&doc, line, 4), 1);
        QTextTableFormat f = tables().first()->format();
        QVERIFY(f.borderCollapse());
        QCOMPARE(f.border(), 1.0);
        QCOMPARE(f.cellSpacing(), 0.0);
        QCOMPARE(f.cellPadding(), 4.0);
        QCOMPARE(f.borderBrush().color(), line);
        QCOMPARE(tables().first()->rows(), 2);
        QCOMPARE(doc.toPlainText().contains(QStringLiteral("3.00")), true);
        // The next streamed piece: the document is made again, the style with it.
        doc.setMarkdown(table + QStringLiteral("| cake | 6.00 |\n"));
        QVERIFY(!tables().first()->format().borderCollapse());
        QCOMPARE(MarkdownTableStyle::apply(&doc, line, 4), 1);
        QVERIFY(tables().first()->format().borderCollapse());
        QCOMPARE(tables().first()->rows(), 3);
    }

    void deviceListUnderTester() {
        DeviceListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1); // "Automatic"
        glm::app::DeviceSummary gpu;
        gpu.index = 0;
        gpu.name = QStringLiteral("Radeon RX 7600");
        gpu.type = QStringLiteral("discrete GPU");
        gpu.memoryBytes = 8'000'000'000;
        gpu.preferred = true;
        glm::app::DeviceSummary old;
        old.index = 1;
        old.name = QStringLiteral("Old iGPU");
        old.usable = false;
        old.unusableReason = QStringLiteral("needs 16-bit storage buffers");
        model.setDevices({gpu, old});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.data(model.index(0), DeviceListModel::SelectorRole).toString(), QString());
        QVERIFY(
            model.data(model.index(0), DeviceListModel::DetailRole).toString().contains(gpu.name));
        QCOMPARE(model.data(model.index(2), DeviceListModel::UsableRole).toBool(), false);
        QCOMPARE(model.data(model.index(2), DeviceListModel::ReasonRole).toString(),
                 old.unusableReason);
        QVERIFY(model.data(model.index(1), DeviceListModel::DetailRole)
                    .toString()
                    .contains(QStringLiteral("8.0 GB")));
        QCOMPARE(model.rowOfSelector(QStringLiteral("Old iGPU")), 2);
        QCOMPARE(model.rowOfSelector(QStringLiteral("gone")), 0);
        QCOMPARE(model.selectorAt(1), gpu.name);
        QCOMPARE(model.selectorAt(9), QString());
        model.setProblem(QStringLiteral("no Vulkan"));
        QCOMPARE(model.problem(), QStringLiteral("no Vulkan"));
        model.setDevices({});
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.problem().isEmpty());
    }

    // The CPU threads setting reads what "automatic" comes to and what runs now from the CPU
    // backend's row; 0 while no list (or no CPU backend) is there.
    void deviceListNamesTheCpuBackendsThreads() {
        DeviceListModel model;
        QSignalSpy changed(&model, &DeviceListModel::cpuThreadsChanged);
        QCOMPARE(model.automaticCpuThreads(), 0);
        QCOMPARE(model.cpuThreads(), 0);
        glm::app::DeviceSummary gpu;
        gpu.name = QStringLiteral("Radeon RX 7600");
        glm::app::DeviceSummary cpu;
        cpu.index = 1;
        cpu.name = QStringLiteral("CPU");
        cpu.threads = 3;
        cpu.automaticThreads = 8;
        model.setDevices({gpu, cpu});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.automaticCpuThreads(), 8);
        QCOMPARE(model.cpuThreads(), 3);
        model.setDevices({gpu});
        QCOMPARE(model.automaticCpuThreads(), 0);
        QCOMPARE(model.cpuThreads(), 0);
    }

    // What "Copy diagnostics" says: versions, OS, every device, the loaded model, the log.
    void diagnosticsReportHasEveryPart() {
        glm::ui::DiagnosticsFacts facts = glm::ui::systemFacts();
        QCOMPARE(facts.appVersion, QStringLiteral(GLM_APP_VERSION));
        QVERIFY(facts.qtVersion.startsWith(QString::fromLatin1(qVersion())));
        QVERIFY(!facts.os.isEmpty());
        glm::app::DeviceSummary gpu;
        gpu.index = 0;
        gpu.name = QStringLiteral("Radeon RX 7600");
        gpu.type = QStringLiteral("discrete GPU");
        gpu.vendor = QStringLiteral("AMD");
        gpu.driver = QStringLiteral("radv");
        gpu.memoryBytes = 8ull << 30;
        gpu.preferred = true;
        glm::app::DeviceSummary old;
        old.index = 1;
        old.name = QStringLiteral("Old iGPU");
        old.usable = false;
        old.unusableReason = QStringLiteral("needs 16-bit storage buffers");
        facts.devices = {gpu, old};
        facts.modelState = QStringLiteral("loaded");
        facts.modelName = QStringLiteral("chatglm3-6b");
        facts.modelFile = QStringLiteral("chatglm3-6b-q4_0.gguf");
        facts.generation = QStringLiteral("ChatGLM3-6B");
        facts.quantization = QStringLiteral("Q4_0");
        facts.backend = QStringLiteral("Vulkan on Radeon RX 7600");
        facts.contextLength = 8192;
        facts.logLines = {QStringLiteral("line one"), QStringLiteral("line two")};
        const QString text = glm::ui::diagnosticsReport(facts);
        for (const QString& part :
             {QStringLiteral("App version: ") + QStringLiteral(GLM_APP_VERSION),
              QStringLiteral("Qt version: ") + QString::fromLatin1(qVersion()),
              QStringLiteral("OS: ") + facts.os,
              QStringLiteral("0: Radeon RX 7600 (discrete GPU, AMD, driver radv, 8192 MiB)"),
              QStringLiteral("preferred"), QStringLiteral("1: Old iGPU"),
              QStringLiteral("unusable: needs 16-bit storage buffers"),
              QStringLiteral("Model: chatglm3-6b (chatglm3-6b-q4_0.gguf)"),
              QStringLiteral("quantization Q4_0, backend Vulkan on Radeon RX 7600"),
              QStringLiteral("Last 2 log lines:\n  line one\n  line two\n")})
            QVERIFY2(text.contains(part),
                     qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(part, text)));

        facts.modelState = QStringLiteral("failed");
        facts.modelProblem = QStringLiteral("not enough video memory (needs 5 GB)");
        facts.devices.clear();
        facts.deviceProblem = QStringLiteral("no Vulkan driver");
        const QString failed = glm::ui::diagnosticsReport(facts);
        QVERIFY(failed.contains(QStringLiteral("Model: failed")));
        QVERIFY(failed.contains(QStringLiteral("last failure: not enough video memory")));
        QVERIFY(failed.contains(QStringLiteral("none usable: no Vulkan driver")));
    }

    // The About box's object: the log lines of the ring (bounded however much was logged), on
    // the clipboard when copied.
    void appInfoCopiesBoundedDiagnostics() {
        glm::app::LogRing ring; // the app's default size
        for (int i = 0; i < 3 * int(glm::app::LogRing::kDefaultCapacity); ++i)
            qCInfo(lcDiagnosticsTest, "event %d", i);
        AppInfo info(nullptr, &ring);
        QCOMPARE(info.version(), QStringLiteral(GLM_APP_VERSION));
        const QString text = info.diagnostics();
        QVERIFY(text.contains(
            QStringLiteral("Last %1 log lines:").arg(glm::app::LogRing::kDefaultCapacity)));
        QCOMPARE(text.count(QStringLiteral("info glm.test: event ")),
                 int(glm::app::LogRing::kDefaultCapacity));
        QVERIFY(text.contains(QStringLiteral("glm.test: event %1\n")
                                  .arg(3 * glm::app::LogRing::kDefaultCapacity - 1)));
        QVERIFY(!text.contains(QStringLiteral("glm.test: event 0\n")));

        info.copyDiagnostics();
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY(copied.startsWith(QStringLiteral("GLM Chat diagnostics\n")));
        QVERIFY(copied.contains(QStringLiteral("glm.test: event %1\n")
                                    .arg(3 * glm::app::LogRing::kDefaultCapacity - 1)));
    }
};

QTEST_MAIN(TestViewModels)
#include "tst_view_models.moc"
