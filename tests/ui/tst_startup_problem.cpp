// The window glm-chat shows instead of the main window when it cannot start: it says why, and
// where another data folder helps, it offers one; quitting (button or close) is an answer too.
#include "quick_lsan_suppressions.h"
#include "startup_problem.h"
#include "viewmodels/ui_setup.h"
#include "window_test_support.h"

#include <QQuickWindow>
#include <QSignalSpy>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

using namespace glm::test;

class TestStartupProblem : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { glm::ui::setUpUi(); }

    void saysWhyAndOffersAnotherFolder() {
        StartupProblem problem;
        const QString why = QStringLiteral("Cannot create or write the data folder /ro/data.");
        QVERIFY(problem.show(why, true));
        QQuickWindow* window = problem.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QCOMPARE(findVisibleItem(window, QStringLiteral("startupProblemMessage"))
                     ->property("text")
                     .toString(),
                 why);
        QVERIFY(findVisibleItem(window, QStringLiteral("chooseDataFolderButton")));
        QSignalSpy answered(&problem, &StartupProblem::answered);
        QMetaObject::invokeMethod(window, "chooseFolder",
                                  Q_ARG(QVariant, QUrl::fromLocalFile(QStringLiteral("/tmp/x"))));
        QTRY_COMPARE(answered.size(), 1);
        QCOMPARE(answered.first().at(0).toString(), QStringLiteral("/tmp/x"));
    }

    void quitIsAnAnswer() {
        StartupProblem problem;
        QVERIFY(problem.show(QStringLiteral("Another GLM Chat does not respond."), false));
        QQuickWindow* window = problem.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(!findVisibleItem(window, QStringLiteral("chooseDataFolderButton")));
        QSignalSpy answered(&problem, &StartupProblem::answered);
        clickItem(window, findVisibleItem(window, QStringLiteral("quitButton")));
        QTRY_COMPARE(answered.size(), 1);
        QVERIFY(answered.first().at(0).toString().isEmpty());
        window->close();
        QTRY_COMPARE(answered.size(), 2); // closing the window says the same
    }
};

QTEST_MAIN(TestStartupProblem)
#include "tst_startup_problem.moc"
