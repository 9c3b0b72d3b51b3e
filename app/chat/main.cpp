// glm-chat: the desktop app.
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdio>

Q_IMPORT_QML_PLUGIN(GlmChatPlugin)

int main(int argc, char** argv) {
    // --version must work without a display.
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--version") == 0) {
            std::printf("glm-chat %s\n", GLM_APP_VERSION);
            return 0;
        }
    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("GLM Chat"));
    QCoreApplication::setApplicationName(QStringLiteral("glm-chat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GLM_APP_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("GLM Chat"));
    // Lets Wayland match the window to its desktop entry (icon, menu, taskbar).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.glmchat.GlmChat"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Chat with GLM models on your own GPU."));
    parser.addHelpOption();
    QCommandLineOption quitAfter(QStringLiteral("quit-after"),
                                 QStringLiteral("Quit after MS milliseconds (tests)."), QStringLiteral("ms"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a screenshot of the window to FILE before quitting."),
                                  QStringLiteral("file"));
    parser.addOption(quitAfter);
    parser.addOption(screenshot);
    parser.process(app);

    QQmlApplicationEngine engine;
    engine.load(QUrl(QStringLiteral("qrc:/GlmChat/Main.qml")));
    if (engine.rootObjects().isEmpty()) return 1;
    if (parser.isSet(quitAfter)) {
        const QString shot = parser.value(screenshot);
        QTimer::singleShot(parser.value(quitAfter).toInt(), &app, [&engine, shot] {
            auto* win = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
            if (win && !shot.isEmpty()) win->grabWindow().save(shot);
            QCoreApplication::quit();
        });
    }
    return app.exec();
}
